"""Before the meeting (SPEC §7): plan, 议题申报 (item add on a planned meeting), 审定
(item approve), item withdraw / prereq, open MEETING_ID, the 会议通知 and 签到表 (notice),
deadlines across bodies (due) and reports sent (reported). A few lines each over
`yishi.record_before`, `yishi.notice`, `yishi.deadlines`."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Annotated, Any

import typer

from yishi.commands._common import (
    RecordsOpt,
    command_line,
    handle_errors,
    meeting_rules,
    store,
)
from yishi.commands.meeting import item_app
from yishi.errors import EXIT_CHECK_FAILED, Failed, InputError
from yishi.ui import msg, say, warn

app = typer.Typer()


def _date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError("input.bad_date", value=value) from None


def _today() -> dt.date:
    from yishi.clock import now

    return now().date()


def _numbers(values: list[str]) -> list[int]:
    out = []
    for value in values:
        for part in re.split(r"[,，、\s]+", value):
            if part:
                try:
                    out.append(int(part))
                except ValueError:
                    raise InputError("input.bad_number", value=part) from None
    return out


def _unit(mode: str) -> Any:
    """个工作日 / 天 as the rules count days (a message, worded with the one it goes into)."""
    from yishi.workdays import day_unit

    return day_unit(mode)


# ---------------------------------------------------------------------------- plan / open


@app.command("plan")
@handle_errors
def plan(
    rules_file: Annotated[Path, typer.Argument(help="The body's rules file.")],
    type: Annotated[str, typer.Option("--type", "-t", help="Meeting type id.")],
    date: Annotated[str, typer.Option("--date", "-d", help="YYYY-MM-DD")],
    time: Annotated[str, typer.Option("--time", help="HH:MM")] = "",
    place: Annotated[str, typer.Option("--place")] = "",
    title: Annotated[str, typer.Option("--title")] = "",
    chair: Annotated[str | None, typer.Option("--chair")] = None,
    recorder: Annotated[str, typer.Option("--recorder")] = "",
    contact: Annotated[str, typer.Option("--contact", help="联系人 on the notice.")] = "",
    records: RecordsOpt = None,
) -> None:
    """Plan a meeting (议题申报 → 审定 → 通知 come first); print its id on the last line."""
    from yishi import workdays
    from yishi.rules import resolve_among

    rules, mtype = meeting_rules(rules_file, type, time)
    day = dt.date.fromisoformat(_date(date))
    # deadlines now, so that a year the calendar lacks is refused before anything is written
    deadlines = {}
    for what, days in (("submit", mtype.submit_days), ("notice", mtype.notice_days)):
        deadlines[what] = (
            workdays.latest(day, days, mtype.day_count).isoformat() if days is not None else "-"
        )
    if mtype.day_count == "working":
        workdays.year(day.year)
    if chair:
        chair_id = resolve_among(rules.members_of(type), chair).id
    else:
        holders = rules.holders(mtype.chair)
        chair_id = holders[0].id if holders else ""
    header: dict[str, Any] = {
        "body": rules.body.id,
        "type": type,
        "date": day.isoformat(),
        "time": time,
        "place": place,
        "title": title,
        "chair": chair_id,
        "recorder": recorder,
        "emergency": False,
        "rules_file": str(rules_file),
        "planned": True,
    }
    if contact:
        header["contact"] = contact
    s = store(records)
    meeting_id = s.create(header, rules)
    s.set_current(meeting_id)
    say(
        msg(
            "plan.done",
            body=rules.body.name,
            type=mtype.name,
            date=header["date"],
            submit=deadlines["submit"],
            notice=deadlines["notice"],
        )
    )
    say(meeting_id)


def open_planned(target: str, records: Path | None, facts: dict[str, Any]) -> None:
    """`yishi open MEETING_ID`: start a planned meeting (called by `yishi open`)."""
    from yishi.record_before import start_planned

    s = store(records)
    meeting_id = s.resolve_id(target)
    started = start_planned(s, meeting_id, facts, command_line())
    meeting = started.meeting
    for old, new in started.renumbered:
        say(msg("open.renumbered", old=old, new=new))
    for item in started.ad_hoc:
        say(msg("open.ad_hoc", number=item.number, title=item.title))
    say(
        msg(
            "open.started",
            body=meeting.rules.body.name,
            type=meeting.meeting_type.name,
            date=meeting.date.isoformat(),
            count=len(meeting.items),
            ad_hoc=len(started.ad_hoc),
        )
    )
    say(meeting_id)


# ---------------------------------------------------------------------------- items


def describe_proposal(meeting: Any, item: Any) -> list[str]:
    """What `item add` says about a 申报 (called by `yishi item add`)."""
    from yishi.i18n import current_lang
    from yishi.record_before import proposal_notes

    return proposal_notes(meeting, item, current_lang())


def _current(records: Path | None, meeting_id: str | None = None) -> tuple[Any, str]:
    s = store(records)
    return s, (s.resolve_id(meeting_id) if meeting_id else s.current())


@item_app.command("approve")
@handle_errors
def item_approve(
    numbers: Annotated[list[str], typer.Argument(help="Item numbers (1 2 3 or 1,2,3).")],
    records: RecordsOpt = None,
) -> None:
    """审定: put proposed items on the agenda of the planned meeting (warns about
    prerequisites not done; check reports them)."""
    from yishi.record_before import missing_prerequisites

    wanted = _numbers(numbers)
    s, meeting_id = _current(records)
    meeting, _ = s.change(meeting_id, lambda m: {"op": "approve", "items": wanted}, command_line())
    say(msg("approve.done", numbers="、".join(map(str, wanted))))
    for number in wanted:
        item = meeting.item(number)
        missing = missing_prerequisites(meeting, item)
        if missing:
            warn(
                msg(
                    "approve.prerequisites",
                    number=number,
                    title=item.title,
                    missing="、".join(missing),
                )
            )
    pending = [i.number for i in meeting.items if not i.approved]
    if pending:
        say(msg("approve.pending", numbers="、".join(map(str, pending))))


@item_app.command("withdraw")
@handle_errors
def item_withdraw(
    number: Annotated[int, typer.Argument(help="Item number.")],
    records: RecordsOpt = None,
) -> None:
    """Withdraw a proposed item from the planned meeting (its number is not reused)."""
    s, meeting_id = _current(records)
    title = s.meeting(meeting_id).item(number).title
    s.change(meeting_id, lambda m: {"op": "withdraw", "item": number}, command_line())
    say(msg("withdraw.done", number=number, title=title))


@item_app.command("prereq")
@handle_errors
def item_prereq(
    number: Annotated[int, typer.Argument(help="Item number.")],
    done: Annotated[list[str], typer.Argument(help="Prerequisites now done (调研论证 ...).")],
    records: RecordsOpt = None,
) -> None:
    """Record prerequisites of an item as done (item_kinds.X.prerequisites)."""
    from yishi.commands._common import split_names

    names = split_names(done)
    s, meeting_id = _current(records)
    s.change(
        meeting_id, lambda m: {"op": "prerequisite", "item": number, "done": names}, command_line()
    )
    say(msg("item.prereq_done", number=number, done="、".join(names)))


# ---------------------------------------------------------------------------- notice


@app.command("notice")
@handle_errors
def notice(
    meeting_id: Annotated[str | None, typer.Argument(help="Meeting id (default: current).")] = None,
    format: Annotated[str | None, typer.Option("--format", "-f", help="md | html | docx")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file.")] = None,
    sent: Annotated[
        str | None, typer.Option("--sent", help="Record that the notice went out on YYYY-MM-DD.")
    ] = None,
    sign_in: Annotated[
        bool, typer.Option("--sign-in", help="The 签到表 (sign-in sheet) instead of the notice.")
    ] = False,
    template: Annotated[str | None, typer.Option("--template", help="A user template.")] = None,
    records: RecordsOpt = None,
) -> None:
    """Render the 会议通知 (or the 签到表) and record when the notice went out."""
    from yishi import notice as notice_mod
    from yishi import render as render_mod
    from yishi import workdays

    if sent is not None and sign_in:
        raise InputError("notice.sign_in_sent")
    sent_day = dt.date.fromisoformat(_date(sent)) if sent else None
    name = "signin" if sign_in else "notice"
    path, fmt = render_mod.resolve(template or "minutes", format, output)
    if template is None:
        from yishi.resources import templates_dir

        path = templates_dir() / render_mod.format_of(fmt).template_file(name)
    if render_mod.format_of(fmt).needs_output and output is None:
        raise InputError(render_mod.format_of(fmt).needs_output)
    s, resolved = _current(records, meeting_id)
    meeting = s.meeting(resolved)
    mtype = meeting.meeting_type
    deadline = None
    if mtype.notice_days is not None:
        deadline = workdays.latest(meeting.date, mtype.notice_days, mtype.day_count)
    if sent_day is not None:  # validated by the event before anything is written
        from yishi import record as rec

        probe = s.meeting(resolved)
        rec.apply(probe, {"op": "notice", "sent": sent_day.isoformat(), "n": 0})
    data = render_mod.render_context(notice_mod.context(meeting, sent=sent_day), path, fmt)
    if not sign_in:
        pending = notice_mod.pending(meeting)
        if pending:
            warn(
                msg(
                    "notice.unapproved",
                    pending="、".join(f"{i.number}. {i.title}" for i in pending),
                )
            )
        if not notice_mod.agenda(meeting):
            warn(msg("notice.empty"))
    if output is not None:
        render_mod.write_output(output, data)
        say(msg("render.written", path=str(output)))
    else:
        typer.echo(data.decode("utf-8"), nl=False)
    if sent_day is not None:
        s.change(resolved, lambda m: {"op": "notice", "sent": sent_day.isoformat()}, command_line())
        say(msg("notice.sent", sent=sent_day.isoformat()))
        if deadline is not None and sent_day > deadline and not meeting.emergency:
            warn(
                msg(
                    "notice.late",
                    days=mtype.notice_days,
                    unit=_unit(mtype.day_count),
                    deadline=deadline.isoformat(),
                )
            )


# ---------------------------------------------------------------------------- reports, due


@app.command("reported")
@handle_errors
def reported(
    name: Annotated[str, typer.Argument(help="The report (a name in the rules' reports).")],
    meeting_id: Annotated[str | None, typer.Argument(help="Meeting id (default: current).")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Sent on (default: today).")] = None,
    records: RecordsOpt = None,
) -> None:
    """Record that a report the rules ask for (reports = [...]) was sent. On an issued
    (sealed) meeting it goes to the body's signed follow-up log, so the seal still verifies."""
    from yishi import deadlines
    from yishi import record as rec
    from yishi import tasks as tasks_mod

    day = _date(date) if date else _today().isoformat()
    s, resolved = _current(records, meeting_id)
    meeting = s.meeting(resolved)
    reports = {r.name: r for r in meeting.meeting_type.reports}
    if name not in reports:
        raise InputError("report.unknown", name=name, known="、".join(reports) or "-")
    event = {"op": "reported", "name": name, "date": day}

    def refuse_twice(entries: list[dict[str, Any]]) -> None:
        src = deadlines.Source(meeting, deadlines.followups_of(entries, resolved), _today())
        already = deadlines.reports_sent(src)
        if name in already:
            raise InputError("report.twice", name=name, date=already[name].isoformat())

    if rec.sealed(meeting):  # after the seal: the body's signed follow-up log (yishi.tasks)

        def build(_tasks: Any, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
            refuse_twice(entries)
            return [{**event, "meeting": resolved}]

        tasks_mod.append(s, meeting.body, build, command_line())
    else:
        refuse_twice([])
        s.change(resolved, lambda m: event, command_line())
    to = reports[name].to
    say(msg("report.done", name=name, date=day, to=to if to else ""))


@app.command("due")
@handle_errors
def due(
    body: Annotated[str | None, typer.Option("--body", help="Only this body.")] = None,
    within: Annotated[
        int | None,
        typer.Option("--within", help="Due within N days (overdue ones are always listed)."),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text | json")] = "text",
    records: RecordsOpt = None,
) -> None:
    """What is due or overdue across meetings and bodies; exit 1 when something is overdue."""
    from yishi import deadlines
    from yishi.i18n import current_lang

    if format not in ("text", "json"):
        raise InputError("cli.bad_format", value=format, allowed="text, json")
    if within is not None and within < 0:
        raise InputError("due.bad_within")
    lang = current_lang()
    found = deadlines.due(store(records), _today(), body=body, within=within)
    for exc in found.unreadable:
        warn(exc.message(lang))
    today, entries, overdue = found.today, found.entries, found.overdue
    if format == "json":
        typer.echo(
            json.dumps(
                {
                    "today": today.isoformat(),
                    "overdue": len(overdue),
                    "entries": [e.to_json(today, lang) for e in entries],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    elif not entries:
        say(msg("due.none"))
    else:
        for e in entries:
            status = msg(f"due.{e.status(today)}")
            say(f"{e.due.isoformat()}  {status:<8} {e.meeting}  {e.label(lang)}")
        say(msg("due.summary", count=len(entries), overdue=len(overdue)))
    if overdue:
        raise Failed(EXIT_CHECK_FAILED)
