"""Recording a meeting while it happens: open, attendance, items, opinions, votes,
decisions, undo, close. Each command is a few lines over `yishi.store` / `yishi.record`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from yishi.commands import recording
from yishi.commands._common import (
    RecordsOpt,
    handle_errors,
    meeting_rules,
    store,
)
from yishi.commands.recording import _date
from yishi.errors import InputError, YishiError
from yishi.ui import msg, say

app = typer.Typer()
item_app = typer.Typer(help="Agenda items: add, list.", no_args_is_help=True)


@app.command("open")
@handle_errors
def open_meeting(
    rules_file: Annotated[
        Path, typer.Argument(help="The body's rules file, or the id of a planned meeting.")
    ],
    type: Annotated[str | None, typer.Option("--type", "-t", help="Meeting type id.")] = None,
    date: Annotated[str | None, typer.Option("--date", "-d", help="YYYY-MM-DD")] = None,
    time: Annotated[str, typer.Option("--time", help="HH:MM")] = "",
    place: Annotated[str, typer.Option("--place")] = "",
    title: Annotated[str, typer.Option("--title")] = "",
    chair: Annotated[
        str | None, typer.Option("--chair", help="Member (default: the rules' chair).")
    ] = None,
    recorder: Annotated[str, typer.Option("--recorder")] = "",
    emergency: Annotated[bool, typer.Option("--emergency", help="紧急情况")] = False,
    notice_sent: Annotated[
        str | None, typer.Option("--notice-sent", help="Date the notice and agenda went out.")
    ] = None,
    notified: Annotated[
        list[str] | None,
        typer.Option("--notified", help="Organisation told in advance (repeatable)."),
    ] = None,
    records: RecordsOpt = None,
) -> None:
    """Create a meeting (or start a planned one), make it current, print its id alone on
    the last line."""
    from yishi.rules import resolve_among

    if time and not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", time):
        raise InputError("input.bad_time", value=time)
    if (
        type is None
        and date is None
        and not rules_file.is_file()
        and rules_file.suffix.lower() != ".toml"
    ):
        from yishi.commands.before import open_planned

        open_planned(
            str(rules_file),
            records,
            {
                "time": time,
                "place": place,
                "title": title,
                "chair": chair,
                "recorder": recorder,
                "emergency": emergency,
                "notice_sent": _date(notice_sent) if notice_sent else None,
                "notified": list(notified or []),
            },
        )
        return
    if type is None or date is None:  # a rules file needs both: click's own usage error
        from typer._click.exceptions import MissingParameter
        from typer._click.globals import get_current_context

        ctx = get_current_context()
        missing = "type" if type is None else "date"
        raise MissingParameter(
            ctx=ctx,
            param=next(
                p
                for p in ctx.command.params  # type: ignore[arg-type]
                if p.name == missing
            ),
        )
    rules, mtype = meeting_rules(rules_file, type, time)
    if chair:
        chair_id = resolve_among(rules.members_of(type), chair).id
    else:
        holders = rules.holders(mtype.chair)
        chair_id = holders[0].id if holders else ""
    header = {
        "body": rules.body.id,
        "type": type,
        "date": _date(date),
        "time": time,
        "place": place,
        "title": title,
        "chair": chair_id,
        "recorder": recorder,
        "emergency": emergency,
        "rules_file": str(rules_file),
    }
    if notice_sent:
        header["notice_sent"] = _date(notice_sent)
    if notified:
        header["notified"] = list(notified)
    s = store(records)
    meeting_id = s.create(header, rules)
    s.set_current(meeting_id)
    say(
        msg(
            "open.done",
            body=rules.body.name,
            type=mtype.name,
            date=header["date"],
            chair=rules.member(chair_id).name if chair_id else "-",
        )
    )
    say(meeting_id)


@app.command("use")
@handle_errors
def use(
    meeting_id: Annotated[str, typer.Argument(help="Meeting id or unique prefix.")],
    records: RecordsOpt = None,
) -> None:
    """Make another meeting current."""
    s = store(records)
    resolved = s.resolve_id(meeting_id)
    s.meeting(resolved)  # refuse a damaged record now rather than later
    s.set_current(resolved)
    say(resolved)


@app.command("list")
@handle_errors
def list_meetings(
    body: Annotated[str | None, typer.Option("--body")] = None,
    year: Annotated[int | None, typer.Option("--year")] = None,
    state: Annotated[str | None, typer.Option("--state", help="open | closed | issued")] = None,
    records: RecordsOpt = None,
) -> None:
    """List meetings (by body, year, state)."""
    s = store(records)
    try:
        current = s.current()
    except YishiError:  # no current meeting (yet): nothing to mark
        current = ""
    for header in s.headers(year):
        if body and header.get("body") != body:
            continue
        if year and not str(header.get("date", "")).startswith(str(year)):
            continue
        if state and header.get("state") != state:
            continue
        mark = "*" if header["id"] == current else " "
        say(
            f"{mark} {header['id']}  {header.get('state', '')}  {header.get('number', '')}".rstrip()
        )


@app.command("attend")
@handle_errors
def attend(
    members: Annotated[list[str], typer.Argument(help="Members present.")],
    from_item: Annotated[
        int | None,
        typer.Option("--from-item", help="Arrived late: present from item N on.", min=1),
    ] = None,
    records: RecordsOpt = None,
) -> None:
    """Mark members present (--from-item N: arrived late, present from item N on)."""
    recording.attend(members=members, from_item=from_item, records=records)


@app.command("leave")
@handle_errors
def leave(
    member: str,
    reason: Annotated[str, typer.Option("--reason", "-r", help="请假事由")] = "",
    opinion: Annotated[str, typer.Option("--opinion", help="Written opinion (书面意见).")] = "",
    records: RecordsOpt = None,
) -> None:
    """请假: on leave, with a reason and optionally a written opinion."""
    recording.leave(member=member, reason=reason, opinion=opinion, records=records)


@app.command("absent")
@handle_errors
def absent(
    members: list[str],
    reason: Annotated[str, typer.Option("--reason", "-r")] = "",
    opinion: Annotated[
        str, typer.Option("--opinion", help="Written statement handed in (书面发言).")
    ] = "",
    records: RecordsOpt = None,
) -> None:
    """Absent without leave (--opinion: the written statement a 民主生活会 asks for)."""
    recording.absent(members=members, reason=reason, opinion=opinion, records=records)


@app.command("depart")
@handle_errors
def depart(
    member: str,
    after: Annotated[int, typer.Option("--after", help="Left after item N.")],
    records: RecordsOpt = None,
) -> None:
    """Left after item N: not present for later items."""
    recording.depart(member=member, after=after, records=records)


@app.command("guest")
@handle_errors
def guest(
    name: str,
    role: Annotated[str, typer.Option("--role", help="Post or unit.")] = "",
    item: Annotated[
        list[int] | None,
        typer.Option("--item", "-i", help="列席 for this item only (repeatable).", min=1),
    ] = None,
    records: RecordsOpt = None,
) -> None:
    """列席: a non-voting attendee, for the whole meeting or for the items named."""
    recording.guest(name=name, role=role, item=item, records=records)


@app.command("chair")
@handle_errors
def chair(
    member: str,
    from_item: Annotated[int, typer.Option("--from-item", help="Chairs from item N on.", min=1)],
    records: RecordsOpt = None,
) -> None:
    """主持人变更: MEMBER chairs from item N on (and speaks last on those items)."""
    recording.chair(member=member, from_item=from_item, records=records)


@app.command("brief")
@handle_errors
def brief(
    member: str,
    by: Annotated[
        str | None, typer.Option("--by", help="Who briefed (主持人或其委托的同志).")
    ] = None,
    date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD")] = None,
    text: Annotated[str, typer.Option("--text")] = "",
    records: RecordsOpt = None,
) -> None:
    """会后转告: MEMBER, who did not attend, was briefed on the meeting afterwards."""
    recording.brief(member=member, by=by, date=date, text=text, records=records)


@item_app.command("add")
@handle_errors
def item_add(
    title: str,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help="Kind of item (an id from the rules' item_kinds); "
            "may be left out when the amount reaches a kind's threshold.",
        ),
    ] = None,
    area: Annotated[
        str, typer.Option("--area", help="Area (分管), matched against members' in_charge.")
    ] = "",
    amount: Annotated[str | None, typer.Option("--amount", help="Amount in yuan.")] = None,
    presenter: Annotated[str, typer.Option("--presenter", help="Who reports (汇报人).")] = "",
    candidate: Annotated[
        list[str] | None, typer.Option("--candidate", help="Candidate (repeatable).")
    ] = None,
    ad_hoc: Annotated[bool, typer.Option("--ad-hoc", help="临时动议")] = False,
    materials_sent: Annotated[
        str | None, typer.Option("--materials-sent", help="YYYY-MM-DD")
    ] = None,
    notified: Annotated[
        list[str] | None, typer.Option("--notified", help="Organisation told in advance.")
    ] = None,
    confidential: Annotated[bool | None, typer.Option("--confidential/--public")] = None,
    category: Annotated[
        str | None,
        typer.Option(
            "--category",
            help="Spending category (e.g. 固定资产), matched against a kind's categories.",
        ),
    ] = None,
    reconsiders: Annotated[
        str | None,
        typer.Option("--reconsiders", help="复议 of an earlier meeting's item: MEETING_ID:N."),
    ] = None,
    by: Annotated[str, typer.Option("--by", help="议题申报: the proposing unit.")] = "",
    submitted: Annotated[
        str | None,
        typer.Option("--submitted", help="申报 date (default today on a planned meeting)."),
    ] = None,
    done: Annotated[
        list[str] | None, typer.Option("--done", help="A prerequisite done (repeatable).")
    ] = None,
    materials: Annotated[str, typer.Option("--materials", help="The materials.")] = "",
    records: RecordsOpt = None,
) -> None:
    """Add an agenda item (on a planned meeting: a 议题申报); print its number alone on the
    last line."""
    recording.item_add(
        title=title,
        kind=kind,
        area=area,
        amount=amount,
        presenter=presenter,
        candidate=candidate,
        ad_hoc=ad_hoc,
        materials_sent=materials_sent,
        notified=notified,
        confidential=confidential,
        category=category,
        reconsiders=reconsiders,
        by=by,
        submitted=submitted,
        done=done,
        materials=materials,
        records=records,
    )


@item_app.command("list")
@handle_errors
def item_list(records: RecordsOpt = None) -> None:
    """List the agenda."""
    s = store(records)
    meeting = s.meeting(s.current())
    for item in meeting.items:
        kind = meeting.rules.item_kinds[item.kind].name
        extra = f"  [{'、'.join(item.candidates)}]" if item.candidates else ""
        if item.proposed or item.ad_hoc:  # 已审定 / 待审定 / 临时动议
            mark = "ad_hoc" if item.ad_hoc else "approved" if item.approved else "pending"
            extra += "  " + msg(f"item.mark.{mark}")
        say(f"{item.number}. {item.title}  ({kind}){extra}")


@app.command("recuse")
@handle_errors
def recuse(
    member: str,
    item: Annotated[int, typer.Option("--item", "-i")],
    reason: Annotated[str, typer.Option("--reason", "-r")] = "",
    records: RecordsOpt = None,
) -> None:
    """回避: the member takes no part in item N."""
    recording.recuse(member=member, item=item, reason=reason, records=records)


@app.command("opinion")
@handle_errors
def opinion(
    item: int,
    member: str,
    position: Annotated[str | None, typer.Argument(help="agree | disagree | defer")] = None,
    candidate: Annotated[str | None, typer.Option("--candidate", "-c")] = None,
    text: Annotated[str, typer.Option("--text")] = "",
    records: RecordsOpt = None,
) -> None:
    """Record a stated opinion; the order of calls is the speaking order."""
    recording.opinion(
        item=item, member=member, position=position, candidate=candidate, text=text, records=records
    )


@app.command("vote")
@handle_errors
def vote(
    items: Annotated[str, typer.Argument(help="Item number (2,3 = voted together).")],
    method: Annotated[
        str, typer.Option("--method", "-m", help="oral | hands | secret | roll_call")
    ],
    candidate: Annotated[str | None, typer.Option("--candidate", "-c")] = None,
    yes: Annotated[list[str] | None, typer.Option("--yes")] = None,
    no: Annotated[list[str] | None, typer.Option("--no")] = None,
    abstain: Annotated[list[str] | None, typer.Option("--abstain")] = None,
    records: RecordsOpt = None,
) -> None:
    """Record a vote: names for oral/hands/roll_call, counts only for secret."""
    recording.vote(
        items=items,
        method=method,
        candidate=candidate,
        yes=yes,
        no=no,
        abstain=abstain,
        records=records,
    )


@app.command("decide")
@handle_errors
def decide(
    item: int,
    text: Annotated[str, typer.Argument()] = "",
    candidate: Annotated[
        str | None, typer.Option("--candidate", "-c", help="The decision on this candidate.")
    ] = None,
    rejected: Annotated[bool, typer.Option("--rejected", help="未通过")] = False,
    defer: Annotated[bool, typer.Option("--defer", help="暂缓 / 缓议")] = False,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace the item's existing decision.")
    ] = False,
    records: RecordsOpt = None,
) -> None:
    """Record the decision on item N (adopted; --rejected: 未通过; --defer: 暂缓/缓议),
    per candidate with --candidate."""
    recording.decide(
        item=item,
        text=text,
        candidate=candidate,
        rejected=rejected,
        defer=defer,
        replace=replace,
        records=records,
    )


@app.command("reconsider")
@handle_errors
def reconsider(
    item: int,
    yes: Annotated[list[str], typer.Option("--yes", help="Members consenting.")],
    candidate: Annotated[
        str | None, typer.Option("--candidate", "-c", help="Re-open this candidate only.")
    ] = None,
    records: RecordsOpt = None,
) -> None:
    """复议: with enough consent (voting.reconsider) of distinct members present for the
    item, item N (or that candidate alone) may be voted again."""
    recording.reconsider(item=item, yes=yes, candidate=candidate, records=records)


@app.command("notified")
@handle_errors
def notified(
    org: str,
    item: Annotated[int | None, typer.Option("--item", "-i")] = None,
    records: RecordsOpt = None,
) -> None:
    """Record that an organisation (e.g. 派驻纪检监察组) was told in advance."""
    recording.notified(org=org, item=item, records=records)


@app.command("set")
@handle_errors
def set_facts(
    time: Annotated[str | None, typer.Option("--time", help="HH:MM")] = None,
    place: Annotated[str | None, typer.Option("--place")] = None,
    title: Annotated[str | None, typer.Option("--title")] = None,
    recorder: Annotated[str | None, typer.Option("--recorder")] = None,
    chair: Annotated[str | None, typer.Option("--chair")] = None,
    notice_sent: Annotated[str | None, typer.Option("--notice-sent", help="YYYY-MM-DD")] = None,
    records: RecordsOpt = None,
) -> None:
    """Correct the meeting's facts given at open (time, place, title, recorder, chair, notice)."""
    recording.set_facts(
        time=time,
        place=place,
        title=title,
        recorder=recorder,
        chair=chair,
        notice_sent=notice_sent,
        records=records,
    )


@app.command("undo")
@handle_errors
def undo(records: RecordsOpt = None) -> None:
    """Revert the last change (the undo itself is logged)."""
    recording.undo(records=records)


@app.command("close")
@handle_errors
def close(records: RecordsOpt = None) -> None:
    """End the meeting: no more attendance, items or votes."""
    recording.close(records=records)
