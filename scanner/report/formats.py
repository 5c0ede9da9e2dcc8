"""table, summary, json, jsonl, csv and sarif renderers."""

from __future__ import annotations

import collections
import csv
import json
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import TextIO

from rich.console import Console
from rich.table import Table

import scanner
from scanner.models import FindingFields, fields_as_dict
from scanner.report.data import ReportData
from scanner.stored import (
    StoredFindings,
    StoredRow,
    entity_types,
    finding_fields,
    parts,
    stored_location_json,
)

CSV_FIELDS = [
    "path",
    "entity_type",
    "score",
    "location",
    "start",
    "end",
    "recognizer",
    "masked",
    "fingerprint",
]


def render_jsonl(data: ReportData, out: TextIO, reveal: bool = False) -> None:
    """One finding per line: the design's finding object, nothing else."""
    for part in parts(data.findings):
        if isinstance(part, StoredFindings):
            out.writelines(_stored_jsonl_lines(part.rows, part.path))
        else:
            out.writelines(map(_jsonl_line, finding_fields(part, reveal)))


def _jsonl_line(fields: FindingFields) -> str:
    path, entity_type, score, start, end, location, recognizer, masked, fingerprint, text = fields
    q = encode_basestring
    line = _head(path, entity_type, score) + _tail(
        start, end, location.as_json(), q(recognizer), masked, fingerprint
    )
    return line if text is None else line[:-2] + ', "text": ' + q(text) + "}\n"


def _stored_jsonl_lines(rows: list[StoredRow], file_path: str) -> list[str]:
    """Lines of stored rows straight from their columns: an unchanged tree re-reports every
    stored finding (480,582 on the benchmark corpus), and building their fields first was a
    third of that re-scan. The start of a line (path, entity type, score) repeats and is made
    once for each, as is each distinct location's JSON and each recognizer's quoted name."""
    q = encode_basestring
    heads: dict[tuple[str | None, str, float], str] = {}
    names: dict[str, str] = {}
    lines = []
    for path, entity_type, score, start, end, location, recognizer, masked, fingerprint, _file in rows:
        head = heads.get((path, entity_type, score))
        if head is None:
            head = heads[path, entity_type, score] = _head(path or file_path, entity_type, score)
        found_by = names.get(recognizer) or names.setdefault(recognizer, q(recognizer))
        lines.append(head + _tail(start, end, stored_location_json(location), found_by, masked, fingerprint))
    return lines


# A jsonl line is ``json.dumps(fields_as_dict(fields), ensure_ascii=False)``, written here
# field by field: the generic encoder was half the time of re-reporting an unchanged tree.
# It is made of a head and a tail so that stored rows can reuse the head.
def _head(path: str, entity_type: str, score: float) -> str:
    q = encode_basestring
    return f'{{"path": {q(path)}, "entity_type": {q(entity_type)}, "score": {round(float(score), 2)!r}, "start": '


def _tail(
    start: int, end: int, location_json: str, quoted_recognizer: str, masked: str, fingerprint: str
) -> str:
    q = encode_basestring
    return (
        f'{start:d}, "end": {end:d}, "location": {location_json}, '
        f'"recognizer": {quoted_recognizer}, "masked": {q(masked)}, "fingerprint": {q(fingerprint)}}}\n'
    )


def render_json(data: ReportData, out: TextIO, reveal: bool = False) -> None:
    doc = {
        "tool": {"name": "insurescan", "version": scanner.__version__},
        "scan_id": data.scan_id,
        "summary": data.summary(),
        "findings": list(map(fields_as_dict, finding_fields(data.findings, reveal))),
        "files": [
            {"path": f.path, "status": f.status, "reason": f.reason, "findings": f.findings}
            for f in data.files
        ],
        "removed": data.removed,
    }
    json.dump(doc, out, indent=2, ensure_ascii=False)
    out.write("\n")


def render_csv(data: ReportData, out: TextIO, reveal: bool = False) -> None:
    fields = CSV_FIELDS + (["text"] if reveal else [])
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for finding in finding_fields(data.findings, reveal):
        row = fields_as_dict(finding)
        row["location"] = finding[5].describe()
        writer.writerow({k: row.get(k, "") for k in fields})


def render_table(data: ReportData, out: TextIO, reveal: bool = False) -> None:
    console = Console(file=out, width=140, force_terminal=False, no_color=not out.isatty(), soft_wrap=False)
    if data.findings:
        table = Table(title="Findings", show_lines=False)
        for col in ("path", "where", "entity", "value" if reveal else "masked", "score"):
            table.add_column(col, overflow="fold")
        for path, entity, score, _, _, location, _, masked, _, text in finding_fields(data.findings, reveal):
            shown = text if text is not None else masked
            table.add_row(path, location.describe(), entity, shown, f"{score:.2f}")
        console.print(table)
    _print_totals(console, data)
    console.print(summary_line(data))


def render_summary(data: ReportData, out: TextIO, reveal: bool = False) -> None:
    """One row per file (status, count, commonest entities), then the totals: what a
    person reads first; the per-finding detail is in the other formats."""
    console = Console(file=out, width=140, force_terminal=False, no_color=not out.isatty(), soft_wrap=False)
    per_file: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    known = {f.path for f in data.files}
    for path, entity, *_ in finding_fields(data.findings):
        # Archive members ("a.zip!dir/x.json") count towards the file that holds them.
        holder = path if path in known else path.split("!", 1)[0]
        per_file[holder][entity] += 1
    if data.files:
        table = Table(title="Files")
        table.add_column("path", overflow="fold")
        table.add_column("status")
        table.add_column("findings", justify="right")
        table.add_column("entities", overflow="fold")
        for f in data.files:
            top = per_file[f.path].most_common()
            shown = ", ".join(f"{entity} {n}" for entity, n in top[:4])
            if len(top) > 4:
                shown += f", +{len(top) - 4} more"
            table.add_row(f.path, f.status, str(f.findings), shown)
        console.print(table)
    _print_totals(console, data)
    console.print(summary_line(data))


def _print_totals(console: Console, data: ReportData) -> None:
    by_entity = data.by_entity
    if by_entity:
        t = Table(title="Findings by entity")
        t.add_column("entity")
        t.add_column("count", justify="right")
        for entity, n in sorted(by_entity.items(), key=lambda kv: (-kv[1], kv[0])):
            t.add_row(entity, str(n))
        console.print(t)
    problems = data.problems
    if problems:
        t = Table(title="Files not fully read")
        t.add_column("path", overflow="fold")
        t.add_column("status")
        t.add_column("reason", overflow="fold")
        for p in problems:
            t.add_row(p.path, p.status, p.reason or "")
        console.print(t)


def summary_line(data: ReportData) -> str:
    s = data.by_status
    parts = [f"{len(data.files)} files", f"{len(data.findings)} findings"]
    parts += [f"{n} {status}" for status, n in sorted(s.items())]
    if data.removed:
        parts.append(f"{len(data.removed)} removed")
    return ", ".join(parts)


def render_sarif(data: ReportData, out: TextIO, reveal: bool = False) -> None:
    """SARIF 2.1.0, one rule per entity type, so code-scanning UIs can show it."""
    rules = sorted(set(entity_types(data.findings)))
    results = []
    for path, entity, score, start, end, location, recognizer, masked, fingerprint, text in finding_fields(
        data.findings, reveal
    ):
        region: dict[str, int] = {}
        if location.line is not None:
            region = {"startLine": location.line, "startColumn": start + 1, "endColumn": end + 1}
        loc: dict[str, object] = {"artifactLocation": {"uri": path}}
        if region:
            loc["region"] = region
        where = location.describe()
        shown = text if text is not None else masked
        results.append(
            {
                "ruleId": entity,
                "level": "warning",
                "message": {"text": f"{entity} {shown}" + (f" ({where})" if where else "")},
                "locations": [{"physicalLocation": loc}],
                "partialFingerprints": {"valueHmac/v1": fingerprint},
                "properties": {
                    "score": round(score, 2),
                    "recognizer": recognizer,
                    **location.as_dict(),
                },
            }
        )
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "insurescan",
                        "version": scanner.__version__,
                        "rules": [{"id": r, "shortDescription": {"text": r}} for r in rules],
                    }
                },
                "results": results,
            }
        ],
    }
    json.dump(doc, out, indent=2, ensure_ascii=False)
    out.write("\n")
