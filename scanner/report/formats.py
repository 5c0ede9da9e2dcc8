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
from scanner.report.data import ReportData

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
    """One finding per line: the design's finding object, nothing else.

    The same text as ``json.dumps(f.as_dict(reveal), ensure_ascii=False)``, written field by
    field with each location's JSON made once (``Location.as_json``): an unchanged tree
    re-reports every stored finding, 480,000 on the benchmark corpus, and the generic
    encoder was half the time of that."""
    q = encode_basestring
    for f in data.findings:
        parts = [
            '{"path": ', q(f.path), ', "entity_type": ', q(f.entity_type),
            ', "score": ', float.__repr__(round(float(f.score), 2)),
            ', "start": ', int.__repr__(f.start), ', "end": ', int.__repr__(f.end),
            ', "location": ', f.location.as_json(), ', "recognizer": ', q(f.recognizer),
            ', "masked": ', q(f.masked), ', "fingerprint": ', q(f.fingerprint),
        ]  # fmt: skip
        if reveal and f.text is not None:
            parts += [', "text": ', q(f.text)]
        parts.append("}\n")
        out.write("".join(parts))


def render_json(data: ReportData, out: TextIO, reveal: bool = False) -> None:
    doc = {
        "tool": {"name": "insurescan", "version": scanner.__version__},
        "scan_id": data.scan_id,
        "summary": data.summary(),
        "findings": [f.as_dict(reveal) for f in data.findings],
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
    for f in data.findings:
        row = f.as_dict(reveal)
        row["location"] = f.location.describe()
        writer.writerow({k: row.get(k, "") for k in fields})


def render_table(data: ReportData, out: TextIO, reveal: bool = False) -> None:
    console = Console(file=out, width=140, force_terminal=False, no_color=not out.isatty(), soft_wrap=False)
    if data.findings:
        table = Table(title="Findings", show_lines=False)
        for col in ("path", "where", "entity", "value" if reveal else "masked", "score"):
            table.add_column(col, overflow="fold")
        for f in data.findings:
            shown = f.text if reveal and f.text is not None else f.masked
            table.add_row(f.path, f.location.describe(), f.entity_type, shown, f"{f.score:.2f}")
        console.print(table)
    _print_totals(console, data)
    console.print(summary_line(data))


def render_summary(data: ReportData, out: TextIO, reveal: bool = False) -> None:
    """One row per file (status, count, commonest entities), then the totals: what a
    person reads first; the per-finding detail is in the other formats."""
    console = Console(file=out, width=140, force_terminal=False, no_color=not out.isatty(), soft_wrap=False)
    per_file: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    known = {f.path for f in data.files}
    for f in data.findings:
        # Archive members ("a.zip!dir/x.json") count towards the file that holds them.
        holder = f.path if f.path in known else f.path.split("!", 1)[0]
        per_file[holder][f.entity_type] += 1
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
    rules = sorted({f.entity_type for f in data.findings})
    results = []
    for f in data.findings:
        region: dict[str, int] = {}
        if f.location.line is not None:
            region = {"startLine": f.location.line, "startColumn": f.start + 1, "endColumn": f.end + 1}
        loc: dict[str, object] = {"artifactLocation": {"uri": f.path}}
        if region:
            loc["region"] = region
        where = f.location.describe()
        text = f.text if reveal and f.text is not None else f.masked
        results.append(
            {
                "ruleId": f.entity_type,
                "level": "warning",
                "message": {"text": f"{f.entity_type} {text}" + (f" ({where})" if where else "")},
                "locations": [{"physicalLocation": loc}],
                "partialFingerprints": {"valueHmac/v1": f.fingerprint},
                "properties": {
                    "score": round(f.score, 2),
                    "recognizer": f.recognizer,
                    **f.location.as_dict(),
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
