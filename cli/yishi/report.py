"""`yishi report --year Y`: a body's year at a glance.

Meetings held per type against `frequency`, minutes numbers issued and the gaps between
them, items per kind (with the 三重一大 count), check findings per code, decisions that
have no recorded follow-up (no 督办 task, no `yishi amend --follow-up --item N`), and the
督办 tasks of the year's decisions: done, open, overdue, per owner and per kind. `build`
gathers the data (no terminal); `to_format` writes it as text, Markdown, HTML or JSON.

三重一大 (重大事项决策、重要干部任免、重大项目安排、大额度资金使用): a kind counts as one
when its id is one of personnel / major_decision / major_project / large_fund, it has an
`amount_at_least`, or its name says 任免, 重大事项, 重大决策, 重大项目, 重要项目 or 大额资金.
"""

from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from yishi import record as rec

FORMATS = ("text", "md", "html", "json")
MAJOR_IDS = {"personnel", "major_decision", "major_project", "large_fund"}
MAJOR_WORDS = ("任免", "重大事项", "重大决策", "重大项目", "重要项目", "大额资金")
_PER_YEAR = {"month": 12, "quarter": 4, "half_year": 2, "year": 1}


@dataclass
class TypeRow:
    type: str
    name: str
    held: int  # closed or issued
    open: int
    frequency: tuple[int, str] | None
    required: int | None
    short_periods: list[dict[str, str]] = field(default_factory=list)  # {"zh": …, "en": …}


@dataclass
class NumberRow:
    type: str
    name: str
    numbers: list[tuple[int, str, str]]  # seq, number, meeting id
    gaps: list[int]
    forced: list[str]
    duplicates: list[str] = field(default_factory=list)  # numbers issued more than once


@dataclass
class KindRow:
    kind: str
    name: str
    major: bool
    items: int = 0
    passed: int = 0
    rejected: int = 0
    deferred: int = 0
    invalid: int = 0


@dataclass
class FindingRow:
    code: str
    severity: str
    count: int
    meetings: list[str]


@dataclass
class Pending:
    meeting: str
    number: str
    date: str
    item: int
    title: str
    decision: str


@dataclass
class BodyReport:
    id: str
    name: str
    meetings: int
    types: list[TypeRow]
    numbers: list[NumberRow]
    kinds: list[KindRow]
    major: int
    findings: list[FindingRow]
    pending: list[Pending]
    follow_up: Any = None  # yishi.tasks.FollowUp: the 督办 tasks of the year's decisions


@dataclass
class AnnualReport:
    year: int
    bodies: list[BodyReport]


# closed or issued: held (a planned meeting is not; an open one is still running)
_HELD = (rec.CLOSED, rec.ISSUED)


def is_major(kind: Any) -> bool:
    if getattr(kind, "major", None) is not None:  # the rules say so explicitly
        return bool(kind.major)
    return (
        kind.id in MAJOR_IDS
        or kind.amount_at_least is not None
        or any(word in kind.name for word in MAJOR_WORDS)
    )


def build(store: Any, year: int, body: str | None = None) -> AnnualReport:
    from yishi import ledger as ledgers
    from yishi.check import evaluate, evaluate_year
    from yishi.clock import now
    from yishi.errors import YishiError
    from yishi.numbering import gaps

    meetings: dict[str, list[tuple[rec.Meeting, dict[str, Any]]]] = {}
    for header in store.headers(year):
        if not str(header.get("date", "")).startswith(f"{year}-"):
            continue
        if body is not None and header.get("body") != body:
            continue
        try:
            doc = store.read(str(header["id"]))
            meeting = store.meeting_from(doc, str(header["id"]))
        except YishiError:
            continue
        meetings.setdefault(meeting.body, []).append((meeting, doc))
    today = now().date()
    from yishi import tasks as tk

    year_tasks = [t for t in tk.load_all(store.root) if t.year == year]
    tasked = {(t.meeting, t.item) for t in year_tasks}
    bodies = []
    for body_id in sorted(meetings):
        held = sorted(meetings[body_id], key=lambda pair: (pair[0].date, pair[0].id))
        all_meetings = [m for m, _ in held]
        latest = all_meetings[-1].rules
        frequency = evaluate_year(all_meetings, year, today=today, closed_only=True)
        short: dict[str, list[dict[str, str]]] = {}
        for finding in frequency:
            if finding.code != "FREQUENCY":  # KIND_FREQUENCY is listed with the findings
                continue
            type_id = finding.rule.split(".")[1]
            short.setdefault(type_id, []).append(
                {
                    "zh": str(finding.params.get("period_zh", "")),
                    "en": str(finding.params.get("period_en", "")),
                }
            )

        types = []
        type_ids = list(latest.meeting_types) + sorted(
            {m.type for m in all_meetings} - set(latest.meeting_types)
        )
        for type_id in type_ids:
            mtype = latest.meeting_types.get(type_id)
            of_type = [m for m in all_meetings if m.type == type_id]
            freq = mtype.frequency if mtype else None
            types.append(
                TypeRow(
                    type_id,
                    mtype.name if mtype else type_id,
                    sum(1 for m in of_type if m.state in _HELD),
                    sum(1 for m in of_type if m.state == rec.OPEN),
                    freq,
                    freq[0] * _PER_YEAR[freq[1]] if freq else None,
                    short.get(type_id, []),
                )
            )

        numbers = []
        try:
            ledger = ledgers.cached(store.root, body_id)
        except YishiError:
            ledger = None
        for row in types:
            issued = sorted(
                (m.seq, m.number, m.id)
                for m in all_meetings
                if m.type == row.type and m.state == rec.ISSUED
            )
            last = (
                ledger.last_seq(row.type, year)
                if ledger is not None
                else ledgers.legacy_last(store, body_id, row.type, year)
            )
            if not issued and not last:
                continue
            held_by: dict[str, list[str]] = {}
            for _, number, mid in issued:
                held_by.setdefault(number, []).append(mid)
            twice = {n for n, mids in held_by.items() if len(mids) > 1}
            if ledger is not None:
                twice |= {
                    n
                    for n, entries in ledger.duplicates().items()
                    if any(e.get("type") == row.type and e.get("year") == year for e in entries)
                }
            numbers.append(
                NumberRow(
                    row.type,
                    row.name,
                    issued,
                    gaps([s for s, _, _ in issued], last),
                    [m.number for m in all_meetings if m.type == row.type and m.forced_issue],
                    sorted(twice),
                )
            )

        kinds: dict[str, KindRow] = {
            k.id: KindRow(k.id, k.name, is_major(k)) for k in latest.item_kinds.values()
        }
        codes: dict[tuple[str, str], FindingRow] = {}
        pending = []
        for meeting, _doc in held:
            report = evaluate(meeting)
            for item in meeting.items:
                kind = meeting.kind(item)
                counts = kinds.setdefault(kind.id, KindRow(kind.id, kind.name, is_major(kind)))
                counts.items += 1
                results = {o.outcome for o in report.items if o.number == item.number}
                for outcome in ("passed", "rejected", "deferred", "invalid"):
                    if outcome in results:
                        setattr(counts, outcome, getattr(counts, outcome) + 1)
                followed = any(
                    a.get("kind") == "follow_up" and a.get("item") == item.number
                    for a in meeting.amendments
                )
                followed = followed or (meeting.id, item.number) in tasked
                if item.decision.strip() and not item.deferred and not followed:
                    pending.append(
                        Pending(
                            meeting.id,
                            meeting.number,
                            meeting.date.isoformat(),
                            item.number,
                            item.title,
                            item.decision,
                        )
                    )
            for finding in report.findings:
                key = (finding.code, finding.severity)
                entry = codes.setdefault(key, FindingRow(finding.code, finding.severity, 0, []))
                entry.count += 1
                if meeting.id not in entry.meetings:
                    entry.meetings.append(meeting.id)
        for finding in frequency:
            entry = codes.setdefault(
                (finding.code, finding.severity), FindingRow(finding.code, finding.severity, 0, [])
            )
            entry.count += 1
        kind_rows = [k for k in kinds.values() if k.items or k.kind in latest.item_kinds]
        bodies.append(
            BodyReport(
                body_id,
                latest.body.name,
                len(all_meetings),
                types,
                numbers,
                kind_rows,
                sum(k.items for k in kind_rows if k.major),
                sorted(codes.values(), key=lambda f: (f.severity != "error", f.code)),
                pending,
                tk.summary(
                    [t for t in year_tasks if t.body == body_id],
                    today,
                    tk.head(store.root, body_id),
                ),
            )
        )
    return AnnualReport(year, bodies)


# ---------------------------------------------------------------------------- output


def _tables(data: AnnualReport, lang: str) -> list[tuple[str, list[Any]]]:
    """The report as a title plus blocks: ("h1"|"h2"|"p", text) or ("table", header, rows)."""
    from yishi.i18n import t

    def tr(key: str, **params: Any) -> str:
        return t(key, lang, **params)

    none = tr("report.none")
    blocks: list[tuple[str, list[Any]]] = [("h1", [tr("report.title", year=data.year)])]
    if not data.bodies:
        blocks.append(("p", [tr("report.empty", year=data.year)]))
    for b in data.bodies:
        blocks.append(("h2", [tr("report.body", name=b.name, id=b.id)]))
        blocks.append(("h3", [tr("report.meetings")]))
        rows = []
        for row in b.types:
            if row.frequency:
                freq = tr(
                    "report.freq",
                    min=row.frequency[0],
                    per=tr(f"report.per.{row.frequency[1]}"),
                    total=row.required,
                )
                periods = [p["zh" if lang == "zh" else "en"] for p in row.short_periods]
                status = (
                    tr("report.freq_short", periods=("、" if lang == "zh" else ", ").join(periods))
                    if row.short_periods
                    else tr("report.freq_ok")
                )
            else:
                freq, status = tr("report.freq_none"), ""
            rows.append([row.name, row.held, row.open, freq, status])
        blocks.append(
            (
                "table",
                [
                    [
                        tr("report.col_type"),
                        tr("report.col_held"),
                        tr("report.col_open"),
                        tr("report.col_required"),
                        tr("report.col_status"),
                    ],
                    rows,
                ],
            )
        )
        blocks.append(("h3", [tr("report.numbers")]))
        rows = [
            [
                row.name,
                len(row.numbers),
                "、".join(n for _, n, _ in row.numbers) or none,
                "、".join(map(str, row.gaps)) or none,
                "、".join(row.duplicates) or none,
                "、".join(row.forced) or none,
            ]
            for row in b.numbers
        ]
        blocks.append(
            (
                "table",
                [
                    [
                        tr("report.col_type"),
                        tr("report.col_issued"),
                        tr("report.col_range"),
                        tr("report.col_gaps"),
                        tr("report.col_twice"),
                        tr("report.col_forced"),
                    ],
                    rows,
                ],
            )
        )
        blocks.append(("h3", [tr("report.kinds")]))
        rows = [
            [
                k.name + (" ★" if k.major else ""),
                k.items,
                k.passed,
                k.rejected,
                k.deferred,
                k.invalid,
            ]
            for k in b.kinds
        ]
        blocks.append(
            (
                "table",
                [
                    [
                        tr("report.col_kind"),
                        tr("report.col_items"),
                        tr("report.col_passed"),
                        tr("report.col_rejected"),
                        tr("report.col_deferred"),
                        tr("report.col_invalid"),
                    ],
                    rows,
                ],
            )
        )
        blocks.append(("p", ["★ " + tr("report.major", count=b.major)]))
        blocks.append(("h3", [tr("report.findings")]))
        rows = [
            [f.code, tr(f"report.severity.{f.severity}"), f.count, "、".join(f.meetings) or "-"]
            for f in b.findings
        ]
        blocks.append(
            (
                "table",
                [
                    [
                        tr("report.col_code"),
                        tr("report.col_severity"),
                        tr("report.col_count"),
                        tr("report.col_meetings"),
                    ],
                    rows,
                ],
            )
        )
        blocks.append(("h3", [tr("report.pending")]))
        rows = [[p.number or p.meeting, p.item, p.title, p.decision] for p in b.pending]
        blocks.append(
            (
                "table",
                [
                    [
                        tr("report.col_meeting"),
                        "#",
                        tr("report.col_item"),
                        tr("report.col_decision"),
                    ],
                    rows,
                ],
            )
        )
        if b.follow_up is not None:
            from yishi.tasks import report_blocks

            blocks += report_blocks(b.follow_up, tr)
    return blocks


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def to_text(data: AnnualReport, lang: str) -> str:
    out: list[str] = []
    for kind, payload in _tables(data, lang):
        if kind == "h1":
            out += [payload[0], "=" * _width(payload[0]), ""]
        elif kind == "h2":
            out += [payload[0], "-" * _width(payload[0])]
        elif kind == "h3":
            out += ["", f"[{payload[0]}]"]
        elif kind == "p":
            out.append(payload[0])
        else:
            header, rows = payload
            if not rows:
                out.append("  " + t_none(lang))
                continue
            cells = [[_plain(c) for c in r] for r in [header, *rows]]
            widths = [max(_width(r[i]) for r in cells) for i in range(len(header))]
            for r in cells:
                out.append(
                    "  "
                    + "  ".join(
                        c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)
                    ).rstrip()
                )
    return "\n".join(out).rstrip() + "\n"


def t_none(lang: str) -> str:
    from yishi.i18n import t

    return t("report.none", lang)


def _plain(value: Any) -> str:
    from yishi.render import strip_control

    return strip_control(str(value))


def _md_cell(value: Any) -> str:
    return _plain(value).replace("|", "\\|").replace("\n", " ")


def to_markdown(data: AnnualReport, lang: str) -> str:
    out: list[str] = []
    for kind, payload in _tables(data, lang):
        if kind in ("h1", "h2", "h3"):
            out += [{"h1": "#", "h2": "##", "h3": "###"}[kind] + " " + payload[0], ""]
        elif kind == "p":
            out += [payload[0], ""]
        else:
            header, rows = payload
            if not rows:
                out += [t_none(lang), ""]
                continue
            out.append("| " + " | ".join(map(_md_cell, header)) + " |")
            out.append("|" + "---|" * len(header))
            out += ["| " + " | ".join(map(_md_cell, r)) + " |" for r in rows]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def to_html(data: AnnualReport, lang: str) -> str:
    esc = html.escape
    body: list[str] = []
    title = ""
    for kind, payload in _tables(data, lang):
        if kind in ("h1", "h2", "h3"):
            title = title or payload[0]
            body.append(f"<{kind}>{esc(payload[0])}</{kind}>")
        elif kind == "p":
            body.append(f"<p>{esc(payload[0])}</p>")
        else:
            header, rows = payload
            if not rows:
                body.append(f"<p>{esc(t_none(lang))}</p>")
                continue
            body.append(
                "<table><thead><tr>"
                + "".join(f"<th>{esc(str(h))}</th>" for h in header)
                + "</tr></thead><tbody>"
            )
            body += [
                "<tr>" + "".join(f"<td>{esc(_plain(c))}</td>" for c in r) + "</tr>" for r in rows
            ]
            body.append("</tbody></table>")
    style = (
        'body{font-family:FangSong,STFangsong,"Noto Serif CJK SC",serif;margin:2em;}'
        "table{border-collapse:collapse;margin:.5em 0 1em;}"
        "th,td{border:1px solid #999;padding:.2em .6em;text-align:left;}"
        "h1{text-align:center;}"
    )
    lang_attr = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang_attr}">\n<head>\n<meta charset="utf-8"/>\n'
        f"<title>{esc(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def to_json(data: AnnualReport) -> str:
    return json.dumps(asdict(data), ensure_ascii=False, indent=2) + "\n"


def to_format(data: AnnualReport, fmt: str, lang: str) -> str:
    if fmt == "json":
        return to_json(data)
    return {"text": to_text, "md": to_markdown, "html": to_html}[fmt](data, lang)


__all__ = [
    "build",
    "to_format",
    "to_text",
    "to_markdown",
    "to_html",
    "to_json",
    "is_major",
    "AnnualReport",
    "BodyReport",
    "FORMATS",
]
