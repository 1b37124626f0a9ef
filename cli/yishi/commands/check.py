"""`yishi check`, `yishi explain` and `yishi status`: thin views over `yishi.check`."""

from __future__ import annotations

import difflib
import json
from typing import Annotated, Any

import typer

from yishi.commands._common import RecordsOpt, handle_errors, records_dir, store
from yishi.errors import EXIT_CHECK_FAILED, Failed, InputError
from yishi.i18n import current_lang
from yishi.ui import msg, say

app = typer.Typer()

FORMATS = ("text", "json")


def finding_line(finding: Any, lang: str) -> str:
    """`CODE [error] 第N项: message (rule: key — source)`"""
    where = f"{msg('check.item', number=finding.item)}: " if finding.item is not None else ""
    return (
        f"{finding.code} [{finding.severity}] {where}{finding.message(lang)} "
        f"(rule: {finding.rule} — {finding.source})"
    )


def outcome_line(outcome: Any, lang: str) -> str:
    label = msg("check.item", number=outcome.number) + " " + outcome.title
    if outcome.candidate:
        label += f"（{outcome.candidate}）" if lang == "zh" else f" ({outcome.candidate})"
    return f"{label}: {outcome.explain(lang)}"


def _print_report(con: Any, meeting: Any, report: Any, lang: str) -> None:
    from rich.text import Text

    rules = meeting.rules
    con.print(
        Text(
            msg(
                "check.header",
                id=meeting.id,
                body=rules.body.name,
                type=meeting.meeting_type.name,
                date=meeting.date.isoformat(),
            ),
            style="bold",
        )
    )
    if report.items:
        con.print(Text(msg("check.outcomes"), style="bold"))
        styles = {"passed": "green", "rejected": "red", "invalid": "red", "deferred": "yellow"}
        for outcome in report.items:
            con.print(
                Text("  " + outcome_line(outcome, lang), style=styles.get(outcome.outcome, ""))
            )
    con.print(Text(msg("check.findings"), style="bold"))
    if not report.findings:
        con.print(Text("  " + msg("check.no_findings")))
    for finding in report.findings:
        style = "red" if finding.severity == "error" else "yellow"
        con.print(Text("  " + finding_line(finding, lang), style=style))
    key = "check.summary_ok" if report.ok else "check.summary_failed"
    con.print(
        Text(
            msg(key, errors=len(report.errors), warnings=len(report.warnings)),
            style="bold green" if report.ok else "bold red",
        )
    )


def _console() -> Any:
    from yishi.ui import console

    return console()


@app.command("check")
@handle_errors
def check(
    meeting_id: Annotated[
        str | None,
        typer.Argument(help="Meeting id or unique prefix (default: the current meeting)."),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text | json")] = "text",
    year: Annotated[
        int | None,
        typer.Option("--year", help="Check every meeting of the year, and meeting frequency."),
    ] = None,
    body: Annotated[
        str | None,
        typer.Option("--body", help="Only meetings of this body (with --year, or all years)."),
    ] = None,
    records: RecordsOpt = None,
) -> None:
    """Check a meeting against its rules: exit 1 on errors (warnings don't fail)."""
    from yishi import check_run
    from yishi.clock import now

    if format not in FORMATS:
        raise InputError("cli.bad_format", value=format, allowed=", ".join(FORMATS))
    if year is not None and not 1900 <= year <= 9999:
        raise InputError("input.bad_number", value=year)
    if meeting_id and (year is not None or body is not None):
        raise InputError("check.id_and_year")
    lang = current_lang()
    s = store(records)
    if year is None and body is None:
        meeting, report = check_run.check_meeting(s, meeting_id, lang)
        if format == "json":
            say(json.dumps(report.to_json(lang), ensure_ascii=False, indent=2))
        else:
            _print_report(_console(), meeting, report, lang)
        if not report.ok:
            raise Failed(EXIT_CHECK_FAILED)
        return

    checked = check_run.check_meetings(s, year=year, body=body, lang=lang, today=now().date())
    if format == "json":
        out = [report.to_json(lang) for _, report in checked.reports]
        findings = [f.to_json(lang) for f in checked.year_findings]
        say(
            json.dumps(
                {"meetings": out, "ok": checked.ok, "findings": findings},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        _print_checked(_console(), checked, str(records_dir(records)), lang)
    if not checked.ok:
        raise Failed(EXIT_CHECK_FAILED)


def _print_checked(con: Any, checked: Any, records: str, lang: str) -> None:
    from rich.text import Text

    if not checked.reports:
        con.print(Text(msg("check.no_meetings", records=records)))
    for meeting, report in checked.reports:
        _print_report(con, meeting, report, lang)
        con.print()
    if checked.year is not None:
        con.print(Text(msg("check.year_findings", year=checked.year), style="bold"))
        if not checked.year_findings:
            con.print(Text("  " + msg("check.no_findings")))
        for finding in checked.year_findings:
            style = "red" if finding.severity == "error" else "yellow"
            con.print(Text("  " + finding_line(finding, lang), style=style))
    errors = checked.errors
    con.print(
        Text(
            msg(
                "check.year_summary",
                count=len(checked.reports),
                errors=errors,
                warnings=len(checked.findings) - errors,
            ),
            style="bold green" if checked.ok else "bold red",
        )
    )


@app.command("explain")
@handle_errors
def explain(
    code: Annotated[
        str | None,
        typer.Argument(help="A finding code, e.g. CHAIR_NOT_LAST (none: list every code)."),
    ] = None,
) -> None:
    """Explain a `yishi check` finding code: what it means, its rule key and seed articles."""
    from yishi.check import CODES

    if code is None:
        for entry in CODES.values():
            say(f"{entry.code:<26} {entry.severity:<8} {entry.rule}")
        return
    wanted = code.strip().upper().replace("-", "_")
    doc = CODES.get(wanted)
    if doc is None:
        hint = difflib.get_close_matches(wanted, list(CODES), n=1)
        raise InputError(
            "explain.unknown", code=code, hint=hint[0] if hint else "", known=", ".join(CODES)
        )
    say(f"{doc.code} [{doc.severity}]")
    say(msg(f"check.doc.{doc.code}"))
    say(f"{msg('explain.rule')}: {doc.rule}")
    say(f"{msg('explain.seeds')}: {doc.seeds}")
    when = msg(f"explain.stage.{doc.stage}") + "; " + msg(f"explain.scope.{doc.scope}")
    where = "yishi verify" if doc.stage == "seal" else f"check/{doc.topic}.py"
    say(f"{msg('explain.when')}: {when} ({where})")


@app.command("status")
@handle_errors
def status(records: RecordsOpt = None) -> None:
    """Live view of the current meeting: attendance, quorum per item, votes, what is missing."""
    from yishi.status_view import build

    _print_status(_console(), build(store(records), None, current_lang()))


# how a status view's tones look on a terminal
TONES = {
    "ok": "green",
    "warn": "yellow",
    "bad": "red",
    "alarm": "bold red",
    "strong": "bold",
    "strong_ok": "bold green",
    "dim": "dim",
}


def _print_status(con: Any, view: Any) -> None:
    """Lay a `yishi.status_view.StatusView` out: lines, the roll and the items as tables."""
    from rich.table import Table
    from rich.text import Text

    def line(entry: Any) -> None:
        con.print(Text(entry.text, style=TONES.get(entry.tone, "")))

    line(view.title)
    con.print(Text(view.meeting.id, style="dim"))
    line(view.chair)
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for row in view.roll:
        table.add_row(Text(row.label, style=TONES.get(row.tone, "")), Text(row.names))
    con.print(table)
    if view.quorum is not None:
        line(view.quorum)
    if not view.items:
        con.print(Text(msg("status.no_items")))
    else:
        # at 80 columns the kind is dropped and titles wrap (never cut): per-candidate rows
        # stay distinct, the candidate first
        narrow = con.width < 100
        items = Table(show_lines=narrow)
        items.add_column("#", justify="right", no_wrap=True)
        items.add_column(view.columns["item"], overflow="fold", ratio=1, min_width=12)
        if not narrow:
            items.add_column(view.columns["kind"], no_wrap=True)
        items.add_column(view.columns["quorum"], justify="center", no_wrap=True)
        items.add_column(view.columns["votes"], justify="center", no_wrap=True)
        items.add_column(view.columns["outcome"], no_wrap=True)
        for row in view.items:
            items.add_row(
                row.number,
                Text(row.label),
                *([] if narrow else [row.kind]),
                Text(row.quorum, style="" if row.quorum_ok else "bold red"),
                row.votes,
                Text(row.outcome, style=TONES.get(row.tone, "")),
            )
        con.print(items)
    for entry in view.follow_up:  # 纪要 review before 签发, 督办 tasks of this meeting
        line(entry)
    con.print(Text(msg("status.missing"), style="bold"))
    if not view.missing:
        con.print(Text("  " + msg("status.nothing_missing")))
    for entry in view.missing:
        line(entry)
    line(view.summary)
    if view.seal is not None:
        line(view.seal)


__all__ = ["app", "finding_line", "outcome_line"]
