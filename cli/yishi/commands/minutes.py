"""Minutes: issue (number + seal), render, verify, amend, batch, the annual report.

Each command is a few lines over `yishi.numbering`, `yishi.seal`, `yishi.render` and
`yishi.report`; jinja2, docxtpl and rich are imported only by the commands that use them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from yishi.commands._common import RecordsOpt, command_line, handle_errors, store
from yishi.commands.batching import checked_date as _issue_date
from yishi.commands.batching import parse_formats as _parse_formats
from yishi.errors import InputError
from yishi.i18n import current_lang
from yishi.ui import msg, say, warn

app = typer.Typer()

MeetingArg = Annotated[
    str | None,
    typer.Argument(
        help="Meeting id or unique prefix (default: the current meeting).", show_default=False
    ),
]


def _meeting_id(s: Any, meeting_id: str | None) -> str:
    return s.resolve_id(meeting_id) if meeting_id else s.current()


def _say_recovered(entries: list[dict[str, Any]]) -> None:
    """Say so when opening the ledger completed what a crash had interrupted."""
    from yishi.integrity import recovered_note

    note = recovered_note(entries, current_lang())
    if note:
        warn(note)


def _warn_out_of_order(late: list[tuple[str, str]], number: str, date: Any) -> None:
    if late:
        later = "、".join(
            f"{n}（{d}）" if current_lang() == "zh" else f"{n} ({d})" for n, d in late[:5]
        )
        warn(msg("numbering.out_of_order", number=number, date=str(date), later=later))


@app.command("issue")
@handle_errors
def issue(
    meeting_id: MeetingArg = None,
    force: Annotated[
        bool, typer.Option("--force", help="Issue despite check errors (logged in the record).")
    ] = False,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help="印发 date printed on the minutes, YYYY-MM-DD (default today)."
        ),
    ] = None,
    records: RecordsOpt = None,
) -> None:
    """签发: give a closed meeting the next number of its year, seal and sign the record."""
    from yishi.issue_gate import issue as issue_meeting

    day = _issue_date(date, "--date", held_ok=False)
    s = store(records)
    mid = _meeting_id(s, meeting_id)
    done = issue_meeting(s, mid, command_line(), force=force, date=day, recovered=_say_recovered)
    for line in done.gate.overridden(current_lang()):
        warn(line)
    _warn_out_of_order(done.late, done.meeting.number, done.meeting.date)
    say(msg("issue.done", number=done.meeting.number, id=mid, digest=done.seal["digest"][:16]))
    say(done.meeting.number)


@app.command("render")
@handle_errors
def render(
    meeting_id: MeetingArg = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="md | html | docx | pdf (default: from -o, else md; pdf needs LibreOffice)",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here (default: stdout; docx needs -o)."),
    ] = None,
    template: Annotated[
        str,
        typer.Option(
            "--template",
            "-t",
            help="minutes (会议纪要) | record (会议记录) | PATH to your own template",
        ),
    ] = "minutes",
    copy: Annotated[
        str, typer.Option("--copy", help="full | distribution (confidential items redacted)")
    ] = "full",
    records: RecordsOpt = None,
) -> None:
    """Render 会议纪要 (default), 会议记录 or your own template."""
    from yishi import render as r
    from yishi.check import evaluate
    from yishi.commands.integrity import refuse_if_broken
    from yishi.seal import issued_at, short_digest

    if format is not None:
        _parse_formats([format])
    if copy not in r.COPIES:
        raise InputError("render.bad_copy", value=copy, allowed=", ".join(r.COPIES))
    path, fmt = r.resolve(template, format, output)
    needs_output = r.format_of(fmt).needs_output
    if needs_output and output is None:
        raise InputError(needs_output)
    s = store(records)
    mid = _meeting_id(s, meeting_id)
    doc = refuse_if_broken(s, s.read(mid), mid)
    meeting = s.meeting_from(doc, mid)
    ctx = r.context(
        meeting, evaluate(meeting), copy=copy, issued_at=issued_at(doc), digest=short_digest(doc)
    )
    data = r.render_context(ctx, path, fmt)
    if output is None:
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
        return
    try:  # like batch: missing folders of -o are created (after the render succeeded)
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            "render.write_failed", path=str(output.parent), error=exc.strerror or str(exc)
        ) from None
    r.write_output(output, data)
    warn(msg("render.written", path=str(output)))


@app.command("amend")
@handle_errors
def amend(
    args: Annotated[list[str], typer.Argument(help="[MEETING_ID] TEXT", show_default=False)],
    item: Annotated[
        int | None, typer.Option("--item", "-i", help="The item the text is about.")
    ] = None,
    follow_up: Annotated[
        bool,
        typer.Option(
            "--follow-up",
            help="Record how a decision was carried out (落实情况) rather than a correction.",
        ),
    ] = False,
    records: RecordsOpt = None,
) -> None:
    """Explicit, logged correction (or follow-up) of an issued meeting; seals it again."""
    from yishi import seal
    from yishi.integrity import verify_record

    if len(args) not in (1, 2) or not args[-1].strip():
        raise InputError("amend.usage")
    s = store(records)
    mid = _meeting_id(s, args[0] if len(args) == 2 else None)
    text = args[-1].strip()
    from yishi.shapes import MAX_TEXT

    if len(text) > MAX_TEXT:
        raise InputError("input.too_long", what="amend", length=len(text), limit=MAX_TEXT)

    def build(doc: dict[str, Any], meeting: Any) -> dict[str, Any]:
        if meeting.state == "issued":
            result = verify_record(s, doc)
            if not result.ok:
                raise seal.SealBroken("amend.seal_broken", id=mid)
        if item is not None:
            meeting.item(item)
        return {
            "op": "amend",
            "text": text,
            "item": item,
            "kind": "follow_up" if follow_up else "correction",
        }

    _, _, sealed = seal.sealed_change(s, mid, build, command_line())
    say(
        msg(
            "amend.follow_up_done" if follow_up else "amend.done",
            generation=sealed["generation"],
            text=text,
        )
    )


@app.command("batch")
@handle_errors
def batch(
    year: Annotated[int, typer.Option("--year", help="YYYY")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Directory for the rendered minutes.")
    ],
    body: Annotated[str | None, typer.Option("--body", help="Only this body id.")] = None,
    format: Annotated[
        list[str] | None,
        typer.Option(
            "--format", "-f", help="md | html | docx | pdf (repeatable or comma list; default md)"
        ),
    ] = None,
    issue_date: Annotated[
        str,
        typer.Option(
            "--issue-date",
            help="印发 date of the meetings numbered now: YYYY-MM-DD, or held "
            "(each meeting's own date, the default)",
        ),
    ] = "held",
    template: Annotated[
        str, typer.Option("--template", "-t", help="minutes | record | PATH")
    ] = "minutes",
    copy: Annotated[str, typer.Option("--copy", help="full | distribution")] = "full",
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes for big years.")] = 1,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Number meetings with check errors too (logged as forced in each record).",
        ),
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", hidden=True, help="The default since 0.2 (no effect).")
    ] = False,
    cache: Annotated[
        bool,
        typer.Option(
            "--cache/--no-cache",
            help="Reuse what earlier runs derived from unchanged records (records/.cache/; "
            "safe to delete).",
        ),
    ] = True,
    records: RecordsOpt = None,
) -> None:
    """Number the year's closed meetings without check errors (date order), then render every
    numbered one. Meetings with check errors are listed and left unnumbered (exit 1) unless
    --force; a sealed record that does not verify stops the run (exit 1, nothing written)."""
    from yishi.commands.batching import batch as run_batch

    run_batch(
        year,
        output,
        body,
        format,
        issue_date,
        template,
        copy,
        jobs,
        force,
        strict,
        cache,
        records,
    )


@app.command("report")
@handle_errors
def report(
    year: Annotated[int, typer.Option("--year", help="YYYY")],
    body: Annotated[str | None, typer.Option("--body", help="Only this body id.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text | md | html | json")] = "text",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (default: stdout).")
    ] = None,
    records: RecordsOpt = None,
) -> None:
    """Annual report: meetings per type vs frequency, numbers and gaps, items per kind
    (三重一大), findings per code, decisions without recorded follow-up."""
    from yishi import report as rep
    from yishi.render import write_output

    if format not in rep.FORMATS:
        raise InputError("cli.bad_format", value=format, allowed=", ".join(rep.FORMATS))
    data = rep.build(store(records), year, body)
    text = rep.to_format(data, format, current_lang())
    if output is None:
        sys.stdout.write(text)
        return
    write_output(output, text.encode("utf-8"))
    warn(msg("render.written", path=str(output)))
