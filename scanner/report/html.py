"""One self-contained HTML page per run, for a compliance officer's browser.

Inline CSS, inline SVG charts, no script and no external resource: it opens
from a mail attachment or a file share without network, and a Content
Security Policy forbids scripts outright. Every value that came from a file
system or a scan is escaped, since a file may be called ``<script>.pdf``.
Values are shown masked (raw only for an explicit ``--reveal``).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import TextIO

import scanner
from scanner.delta import Change, Delta
from scanner.governance import FLAGS, Assessment, Bucket, Policy, assess, facts_from_report
from scanner.report.data import ReportData

MAX_ROWS = 500
TOP_FILES = 25
CHART_ROWS = 15
_FLAG_TITLES = {"exposed": "exposed", "retention": "past retention", "special_category": "special category"}

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header,main,footer{max-width:1180px;margin:0 auto;padding:0 24px}
header{padding-top:20px}h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#5b6472;font-size:13px}.meta code{font-size:12px}
.totals{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0;padding:0}
.total{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:8px 14px;min-width:120px}
.total dt{font-size:12px;color:#5b6472}.total dd{margin:0;font-size:22px;font-weight:600}
.total.warn dd{color:#b42318}.total.good dd{color:#067647}
section{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:4px 16px 14px;margin:14px 0}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eceef2;vertical-align:top}
th{background:#f0f2f5;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
td.path{word-break:break-all;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.flag{display:inline-block;border-radius:10px;padding:0 8px;margin:1px 4px 1px 0;font-size:12px;color:#fff}
.flag-exposed{background:#b42318}.flag-retention{background:#b54708}.flag-special_category{background:#6941c6}
.why{display:block;color:#5b6472;font-size:12px}.muted{color:#5b6472}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:14px}
.charts section{margin:0}svg text{font-size:12px;fill:#1d2430}
.new{color:#b42318}.resolved{color:#067647}
@media print{body{background:#fff}section{break-inside:avoid}}
"""


@dataclass(frozen=True)
class RunInfo:
    title: str
    scan_id: int | None = None
    job: str | None = None
    since_scan: int | None = None
    started_at: float | None = None
    finished_at: float | None = None
    roots: tuple[str, ...] | list[str] = ()
    audit_head: str | None = None
    alerts: int | None = None
    exit_code: int | None = None


@dataclass(frozen=True)
class HtmlContext:
    """What a job or ``report --db`` knows beyond a result set: the run, the delta, the flags."""

    run: RunInfo | None = None
    delta: Delta | None = None
    assessment: Assessment | None = None


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _when(ts: float | None) -> str:
    if not ts:
        return "?"
    return datetime.fromtimestamp(ts).astimezone().isoformat(sep=" ", timespec="seconds")


def _total(key: str, label: str, value: int, tone: str = "") -> str:
    cls = f"total {tone}".strip()
    return (
        f'<div class="{cls}" id="total-{key}" data-total="{key}"><dt>{_e(label)}</dt><dd>{value}</dd></div>'
    )


def bar_chart(rows: list[tuple[str, int]], title: str, colour: str = "#2e6fd8") -> str:
    """Horizontal bars as inline SVG; labels longer than the gutter are cut, the full text is a tooltip."""
    if not rows:
        return f'<p class="muted">No {escape(title.lower())}.</p>'
    label_w, bar_w, row_h = 230, 380, 22
    top = max(n for _, n in rows) or 1
    height = row_h * len(rows) + 6
    width = label_w + bar_w + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" '
        f'role="img" aria-label="{_e(title)}"><title>{_e(title)}</title>'
    ]
    for i, (label, n) in enumerate(rows):
        y = i * row_h + 4
        w = max(1, round(bar_w * n / top))
        shown = label if len(label) <= 34 else "…" + label[-33:]
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end"><title>{_e(label)}</title>{_e(shown)}</text>'
            f'<rect x="{label_w}" y="{y + 2}" width="{w}" height="15" rx="2" fill="{colour}"/>'
            f'<text x="{label_w + w + 6}" y="{y + 14}">{n}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _table(headers: Iterable[str], rows: Iterable[Iterable[str]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f"<th{' class=n' if i in numeric else ''}>{_e(h)}</th>" for i, h in enumerate(headers))
    body = []
    count = 0
    for row in rows:
        count += 1
        if count > MAX_ROWS:
            continue
        body.append("<tr>" + "".join(row) + "</tr>")
    more = (
        f'<p class="muted">… and {count - MAX_ROWS} more rows (see the summary JSON).</p>'
        if count > MAX_ROWS
        else ""
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"


def _td(value: object, cls: str = "") -> str:
    return f'<td class="{cls}">{_e(value)}</td>' if cls else f"<td>{_e(value)}</td>"


def _change_rows(changes: list[Change]) -> Iterable[list[str]]:
    for c in changes:
        yield [
            _td(c.path, "path"),
            _td(c.entity_type),
            _td(c.masked),
            _td(c.location.describe()),
            _td(c.explanation),
        ]


def _delta_section(delta: Delta, run: RunInfo | None) -> str:
    since = f"scan {delta.since}" if delta.since is not None else "an empty inventory"
    head = f"<h2>What changed since {_e(since)}</h2>"
    s = delta.summary()
    lines = [
        f'<p><span class="new">{s["new_findings"]} new</span>, '
        f'<span class="resolved">{s["resolved_findings"]} resolved</span>, '
        f"{s['unverifiable_findings']} no longer verifiable, {s['unchanged_findings']} unchanged findings; "
        f"{s['new_files_with_personal_data']} new files with personal data, "
        f"{s['files_no_longer_holding_personal_data']} files no longer holding any.</p>"
    ]
    headers = ("path", "entity", "value (masked)", "where", "why")
    if delta.new:
        lines.append(f"<h3>New findings ({len(delta.new)})</h3>" + _table(headers, _change_rows(delta.new)))
    if delta.resolved:
        lines.append(
            f"<h3>Resolved findings ({len(delta.resolved)})</h3>"
            + _table(headers, _change_rows(delta.resolved))
        )
    if delta.unverifiable:
        lines.append(
            f"<h3>No longer verifiable ({len(delta.unverifiable)})</h3>"
            + _table(headers, _change_rows(delta.unverifiable))
        )
    if delta.new_files:
        lines.append(
            f"<h3>New files with personal data ({len(delta.new_files)})</h3>"
            + _table(("path",), ([_td(p, "path")] for p in delta.new_files))
        )
    return f'<section id="delta">{head}{"".join(lines)}</section>'


def _risk_section(a: Assessment) -> str:
    rows = []
    for r in a.files[:TOP_FILES]:
        flags = "".join(
            f'<span class="flag flag-{k}">{_e(_FLAG_TITLES[k])}</span><span class="why">{_e(why)}</span>'
            for k, why in r.flags.items()
        )
        ents = ", ".join(
            f"{e} ×{n}" for e, n in sorted(r.facts.entities.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        rows.append(
            [
                _td(r.facts.path, "path"),
                f'<td class="n">{r.score:.1f}</td>',
                f"<td>{flags or '<span class=muted>none</span>'}</td>",
                _td(ents),
                _td(", ".join(r.facts.samples)),
            ]
        )
    why_not = {
        "exposed": "needs file modes and owners from an inventory",
        "retention": "needs [[retention]] rules in the job file and file ages from an inventory",
        "special_category": "",
    }
    missing = [f"{_FLAG_TITLES[k]} ({why_not[k]})" for k in FLAGS if not a.assessed.get(k)]
    note = f'<p class="muted">Not assessed here: {_e("; ".join(missing))}.</p>' if missing else ""
    title = f"<h2>Riskiest files (top {min(TOP_FILES, len(a.files))} of {len(a.files)})</h2>"
    table = _table(("path", "risk", "flags", "entities", "samples (masked)"), rows, {1})
    return f'<section id="riskiest">{title}{note}{table}</section>'


def _summary_tables(a: Assessment) -> str:
    def rows(buckets: list[Bucket], cls: str) -> Iterable[list[str]]:
        for b in buckets:
            yield [
                _td(b.name, cls),
                f'<td class="n">{b.files}</td>',
                f'<td class="n">{b.findings}</td>',
                *(f'<td class="n">{b.flagged.get(k, 0)}</td>' for k in FLAGS),
                _td(", ".join(e for e, _ in b.entities.most_common(6))),
            ]

    headers = ("files", "findings", *(_FLAG_TITLES[k] for k in FLAGS), "main entities")
    return (
        '<section id="by-regime"><h2>By regime</h2>'
        + _table(("regime", *headers), rows(a.by_regime, ""), {1, 2, 3, 4, 5})
        + '</section><section id="by-folder"><h2>By folder</h2>'
        + _table(("folder", *headers), rows(a.by_folder, "path"), {1, 2, 3, 4, 5})
        + "</section>"
    )


def render_html(
    data: ReportData, out: TextIO, reveal: bool = False, context: HtmlContext | None = None
) -> None:
    """Write the page. Without ``context`` (a plain ``scan --format html``) flags that need owners,
    modes and ages are marked as not assessed and there is no delta."""
    ctx = context or HtmlContext()
    a = ctx.assessment or assess(facts_from_report(data, reveal), Policy(), time.time())
    run = ctx.run or RunInfo(title="insurescan report", scan_id=data.scan_id)
    delta = ctx.delta
    problems = [p for p in data.problems if p.status not in ("ok", "unchanged")]
    partial = [p for p in data.problems if p.status in ("ok", "unchanged")]

    totals = [
        _total("files", "Files in scope", len(data.files)),
        _total("files-with-pd", "Files with personal data", len(a.files), "warn" if a.files else "good"),
        _total("findings", "Findings", len(data.findings)),
    ]
    if delta is not None:
        totals += [
            _total("new", "New findings", len(delta.new), "warn" if delta.new else ""),
            _total("resolved", "Resolved", len(delta.resolved), "good" if delta.resolved else ""),
            _total("new-files", "New files with personal data", len(delta.new_files)),
        ]
    for k in FLAGS:
        if a.assessed.get(k):
            n = a.flag_counts[k]
            totals.append(
                _total(k.replace("_", "-"), _FLAG_TITLES[k].capitalize() + " files", n, "warn" if n else "")
            )
    totals.append(_total("unreadable", "Files not read", len(problems), "warn" if problems else ""))
    if run.alerts is not None:
        totals.append(_total("alerts", "Alert-worthy", run.alerts, "warn" if run.alerts else "good"))

    meta = []
    if run.job:
        meta.append(f"job <b>{_e(run.job)}</b>")
    if run.scan_id is not None:
        meta.append(f"run {run.scan_id}")
    if run.started_at:
        meta.append(f"{_e(_when(run.started_at))} → {_e(_when(run.finished_at))}")
    if run.roots:
        meta.append("roots " + ", ".join(f"<code>{_e(r)}</code>" for r in run.roots))

    by_entity = sorted(data.by_entity.items(), key=lambda kv: (-kv[1], kv[0]))[:CHART_ROWS]
    by_regime = [(b.name, b.findings) for b in a.by_regime][:CHART_ROWS]
    by_folder = sorted(((b.name, b.findings) for b in a.by_folder), key=lambda kv: (-kv[1], kv[0]))[
        :CHART_ROWS
    ]
    charts = (
        '<div class="charts">'
        f'<section id="chart-entity"><h2>Findings by entity</h2>{bar_chart(by_entity, "Findings by entity")}</section>'
        f'<section id="chart-regime"><h2>Findings by regime</h2>'
        f"{bar_chart(by_regime, 'Findings by regime', '#6941c6')}</section>"
        f'<section id="chart-folder"><h2>Findings by folder</h2>'
        f"{bar_chart(by_folder, 'Findings by folder', '#b54708')}</section>"
        "</div>"
    )
    unread = _table(
        ("path", "status", "reason"),
        ([_td(p.path, "path"), _td(p.status), _td(p.reason or "")] for p in problems + partial),
    )
    unread_section = (
        f'<section id="unreadable"><h2>Files not fully read ({len(problems)} not read, {len(partial)} partly)</h2>'
        f"{unread}</section>"
        if problems or partial
        else '<section id="unreadable"><h2>Files not fully read</h2><p class="muted">None.</p></section>'
    )
    footer = [f"insurescan {_e(scanner.__version__)}", f"generated {_e(_when(time.time()))}"]
    if run.audit_head:
        footer.append(f"audit head <code>{_e(run.audit_head)}</code>")
    footer.append("values are masked" if not reveal else "THIS REPORT SHOWS RAW VALUES (--reveal)")

    out.write(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        'img-src data:">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(run.title)}</title><style>{CSS}</style></head><body>"
        f'<header><h1>{_e(run.title)}</h1><p class="meta">{" · ".join(meta)}</p>'
        f'<dl class="totals" id="totals">{"".join(totals)}</dl></header><main>'
    )
    if delta is not None:
        out.write(_delta_section(delta, run))
    out.write(charts)
    out.write(_risk_section(a))
    out.write(_summary_tables(a))
    out.write(unread_section)
    out.write(f'</main><footer><p class="meta">{" · ".join(footer)}</p></footer></body></html>\n')
