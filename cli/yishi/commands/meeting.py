"""Recording a meeting while it happens: open, attendance, items, opinions, votes,
decisions, undo, close. Each command is a few lines over `yishi.store` / `yishi.record`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any

import typer

from yishi.commands._common import (
    RecordsOpt,
    command_line,
    count_or_names,
    handle_errors,
    meeting_rules,
    split_names,
    store,
)
from yishi.errors import InputError, YishiError
from yishi.ui import msg, say
from yishi.zh import amount_text

app = typer.Typer()
item_app = typer.Typer(help="Agenda items: add, list.", no_args_is_help=True)


def _resolve(meeting: Any, names: list[str]) -> list[str]:
    return [meeting.resolve_member(name).id for name in names]


def _names(meeting: Any, ids: list[str] | tuple[str, ...]) -> str:
    return "、".join(meeting.rules.member(i).name for i in ids)


def _record(records: Path | None, build: Any) -> tuple[Any, dict[str, Any]]:
    s = store(records)
    return s.change(s.current(), build, command_line())


def _date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError("input.bad_date", value=value) from None


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
    from yishi.record import PRESENT

    typed: list[str] = []

    def build(m: Any) -> dict[str, Any] | None:
        typed[:] = _resolve(m, split_names(members))
        fresh = [
            i
            for i in dict.fromkeys(typed)
            if m.status_of(i) != PRESENT
            or m.attendance[i].departed_after is not None
            or m.attendance[i].from_item != from_item
        ]
        if not fresh:
            return None  # a no-op: not logged
        return {"op": "attend", "members": fresh, "from_item": from_item}

    meeting, entry = _record(records, build)
    if not entry:
        say(msg("attend.nothing", names=_names(meeting, typed)))
        return
    if from_item is not None:
        say(msg("attend.late", names=_names(meeting, entry["members"]), from_item=from_item))
    say(
        msg(
            "attend.done",
            names=_names(meeting, entry["members"]),
            present=len(meeting.attended()),
            total=len(meeting.members),
        )
    )


@app.command("leave")
@handle_errors
def leave(
    member: str,
    reason: Annotated[str, typer.Option("--reason", "-r", help="请假事由")] = "",
    opinion: Annotated[str, typer.Option("--opinion", help="Written opinion (书面意见).")] = "",
    records: RecordsOpt = None,
) -> None:
    """请假: on leave, with a reason and optionally a written opinion."""
    meeting, entry = _record(
        records,
        lambda m: {
            "op": "leave",
            "member": _not_spoken(m, m.resolve_member(member).id),
            "reason": reason,
            "opinion": opinion or None,
        },
    )
    say(msg("leave.done", name=_names(meeting, [entry["member"]]), reason=reason))


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
    names = split_names(members)
    if opinion and len(names) != 1:
        raise InputError("absent.opinion_one")
    meeting, entry = _record(
        records,
        lambda m: {
            "op": "absent",
            "members": [_not_spoken(m, i) for i in _resolve(m, names)],
            "reason": reason or None,
            "opinion": opinion or None,
        },
    )
    say(msg("absent.done", names=_names(meeting, entry["members"])))


def _not_spoken(m: Any, member_id: str) -> str:
    """`member_id`, unless they already spoke or voted by name at this meeting: then they
    were there, and 请假/缺席 would leave a vote from a member not present (SPEC §2)."""
    for item in m.items:
        if any(o.member == member_id and not o.written for o in item.opinions) or any(
            member_id in v.yes_names + v.no_names + v.abstain_names for v in item.votes
        ):
            raise InputError(
                "attendance.already_spoke",
                member=m.rules.member(member_id).name,
                number=item.number,
            )
    return member_id


@app.command("depart")
@handle_errors
def depart(
    member: str,
    after: Annotated[int, typer.Option("--after", help="Left after item N.")],
    records: RecordsOpt = None,
) -> None:
    """Left after item N: not present for later items."""
    meeting, entry = _record(
        records, lambda m: {"op": "depart", "member": m.resolve_member(member).id, "after": after}
    )
    say(msg("depart.done", name=_names(meeting, [entry["member"]]), after=after))


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
    items = sorted(set(item or []))
    _record(records, lambda m: {"op": "guest", "name": name, "role": role, "items": items or None})
    say(msg("guest.done", name=name, role=role))
    if items:
        say(msg("guest.items", name=name, items="、".join(map(str, items))))


@app.command("chair")
@handle_errors
def chair(
    member: str,
    from_item: Annotated[int, typer.Option("--from-item", help="Chairs from item N on.", min=1)],
    records: RecordsOpt = None,
) -> None:
    """主持人变更: MEMBER chairs from item N on (and speaks last on those items)."""
    meeting, entry = _record(
        records,
        lambda m: {"op": "chair", "member": m.resolve_member(member).id, "from_item": from_item},
    )
    say(msg("chair.done", name=_names(meeting, [entry["member"]]), from_item=from_item))


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
    meeting, entry = _record(
        records,
        lambda m: {
            "op": "brief",
            "member": m.resolve_member(member).id,
            "by": m.resolve_member(by).id if by else None,
            "date": _date(date) if date else None,
            "text": text or None,
        },
    )
    say(msg("brief.done", name=_names(meeting, [entry["member"]])))


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
    from yishi.record import classify

    typed_amount = amount
    earlier = _earlier_item(records, reconsiders) if reconsiders else None
    if amount is not None:
        from yishi.amount import canonical, parse

        amount = canonical(parse(amount))

    chosen_by_amount = False

    def build(m: Any) -> dict[str, Any]:
        nonlocal chosen_by_amount
        own_kind = kind
        if own_kind is None:  # SPEC §1: no --kind, an amount reaching a kind's threshold
            from yishi.record import _amount

            value = _amount(amount)
            by_amount = m.rules.kind_for_amount(value, category or "") if value else None
            if by_amount is None:
                raise InputError(
                    "item.kind_needed", known=", ".join(m.meeting_type.kinds or m.rules.item_kinds)
                )
            own_kind, chosen_by_amount = by_amount.id, True
        presenter_text = presenter
        if presenter:
            try:
                presenter_text = m.resolve_member(presenter).name
            except InputError:
                presenter_text = presenter  # a non-member may report (e.g. 科室负责人)
        return {
            "op": "item",
            "title": title,
            "kind": own_kind,
            "recorded_kind": classify(m.rules, own_kind, amount, category or ""),
            "area": area or None,
            "amount": amount,
            "presenter": presenter_text or None,
            "candidates": list(candidate or []),
            "ad_hoc": ad_hoc or None,
            "materials_sent": _date(materials_sent) if materials_sent else None,
            "notified": list(notified or []),
            "confidential": confidential,
            "category": category or None,
            "reconsiders": earlier,
            **_proposal(m, by, submitted, done, materials),
        }

    meeting, entry = _record(records, build)
    item = meeting.items[-1]
    if item.amount_kind:
        say(
            msg(
                "item.kept_kind",
                amount=typed_amount,
                kind=meeting.rules.item_kinds[item.kind].name,
                other=meeting.rules.item_kinds[item.amount_kind].name,
            )
        )
    if item.kind != item.requested_kind or chosen_by_amount:
        kind_obj = meeting.rules.item_kinds[item.kind]
        say(
            msg(
                "item.reclassified",
                amount=amount_text(item.amount) if item.amount is not None else typed_amount,
                kind=kind_obj.name,
                threshold=(
                    "≥" + amount_text(kind_obj.amount_at_least)
                    if kind_obj.amount_at_least is not None
                    else ">" + amount_text(kind_obj.amount_more_than)
                ),
            )
        )
    if item.proposed:
        from yishi.commands.before import describe_proposal

        for line in describe_proposal(meeting, item):
            say(line)
    else:
        say(
            msg(
                "item.done",
                number=item.number,
                title=item.title,
                kind=meeting.rules.item_kinds[item.kind].name,
            )
        )
    say(str(item.number))


def _earlier_item(records: Path | None, text: str) -> dict[str, Any]:
    """`MEETING_ID:N` of an earlier meeting's item (the id may be a unique prefix)."""
    meeting_part, _, number = text.rpartition(":")
    if not meeting_part or not number.strip().isdigit():
        raise InputError("item.bad_reconsiders", value=text)
    s = store(records)
    meeting_id = s.resolve_id(meeting_part.strip())
    if meeting_id == s.current():
        raise InputError("item.reconsiders_same", item=number)
    earlier = s.meeting(meeting_id)
    earlier.item(int(number))  # refuses an unknown item
    return {"meeting": meeting_id, "item": int(number)}


def _proposal(
    m: Any, by: str, submitted: str | None, done: list[str] | None, materials: str
) -> dict[str, Any]:
    """The 议题申报 facts of `item add` (submitted defaults to today on a planned meeting)."""
    from yishi.record import PLANNED

    if submitted is None and m.state == PLANNED:
        from yishi.clock import now

        submitted = now().date().isoformat()
    event: dict[str, Any] = {
        "by": by or None,
        "materials": materials or None,
        "submitted": _date(submitted) if submitted else None,
    }
    if done:
        event["done"] = split_names(done)
    return event


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
    meeting, entry = _record(
        records,
        lambda m: {
            "op": "recuse",
            "member": m.resolve_member(member).id,
            "item": item,
            "reason": reason or None,
        },
    )
    say(msg("recuse.done", name=_names(meeting, [entry["member"]]), number=item))


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
    aliases = {
        "同意": "agree",
        "不同意": "disagree",
        "缓议": "defer",
        "yes": "agree",
        "no": "disagree",
    }
    folded = position.strip().lower() if position else None  # Agree, ' agree'
    pos = aliases.get(folded, folded) if folded else None
    if pos is not None and pos not in ("agree", "disagree", "defer"):
        raise InputError("opinion.unknown", position=position)

    def build(m: Any) -> dict[str, Any]:
        the_item = m.item(item)
        # 逐个表决: on an item voted per candidate, a position is stated per candidate. The
        # command refuses the ambiguous form; replay keeps accepting it in old records.
        if (
            pos is not None
            and candidate is None
            and len(the_item.candidates) > 1
            and m.kind(the_item).per_candidate
        ):
            raise InputError(
                "opinion.candidate_needed", number=item, candidates="、".join(the_item.candidates)
            )
        return {
            "op": "opinion",
            "item": item,
            "member": m.resolve_member(member).id,
            "position": pos,
            "candidate": candidate,
            "text": text or None,
        }

    meeting, entry = _record(records, build)
    op = meeting.item(item).opinions[-1]
    say(
        msg(
            "opinion.written" if op.written else "opinion.done",
            name=_names(meeting, [op.member]),
            number=item,
            position=(msg(f"position.{pos}") if pos else "")
            + ((msg("opinion.text_suffix", text=op.text) if pos else op.text) if op.text else ""),
            candidate=_candidate_suffix(op.candidate),
        )
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
    try:
        numbers = [int(p) for p in re.split(r"[,，]", items) if p.strip()]
    except ValueError:
        raise InputError("input.bad_number", value=items) from None
    if not numbers:
        raise InputError("input.bad_number", value=items)
    tallies = {k: count_or_names(v) for k, v in (("yes", yes), ("no", no), ("abstain", abstain))}

    def build(m: Any) -> dict[str, Any]:
        for number in numbers:  # refused before anything is written (a secret-only kind)
            allowed = m.rules.methods_for(m.kind(m.item(number)))
            if method in ("oral", "hands", "secret", "roll_call") and method not in allowed:
                raise InputError(
                    "vote.method_not_allowed",
                    number=number,
                    method=method,
                    allowed=", ".join(allowed),
                )
        event: dict[str, Any] = {
            "op": "vote",
            "items": numbers,
            "method": method,
            "candidate": candidate,
        }
        if method == "secret":
            for key, (count, names) in tallies.items():
                if names:
                    raise InputError("vote.secret_names")
                event[key] = count or 0
        else:
            for key, (count, names) in tallies.items():
                if count is not None:
                    raise InputError("vote.named_counts", method=method)
                event[f"{key}_names"] = _resolve(m, names)
        return event

    meeting, entry = _record(records, build)
    v = meeting.item(numbers[0]).votes[-1]
    say(
        msg(
            "vote.done",
            numbers=msg("list.sep").join(map(str, numbers)),
            yes=v.yes,
            no=v.no,
            abstain=v.abstain,
            candidate=_candidate_suffix(v.candidate),
        )
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
    from yishi.record import _candidate

    if rejected and defer:
        raise InputError("decide.both")
    status = "rejected" if rejected else "deferred" if defer else "adopted"

    def build(m: Any) -> dict[str, Any]:
        existing = m.item(item)
        key = _candidate(existing, candidate)
        if key in existing.decisions and not replace:  # re-deciding is explicit
            raise InputError(
                "decide.already",
                number=item,
                text=existing.decisions[key].text or msg("position.defer"),
            )
        return {
            "op": "decide",
            "item": item,
            "text": text or None,
            "candidate": candidate,
            "status": status,
            "defer": defer or None,
            "replace": replace or None,
        }

    meeting, entry = _record(records, build)
    decided = meeting.item(item).decisions
    who = next((c for c, d in decided.items() if d.order == entry["n"]), None)
    shown = _candidate_suffix(who)
    key = {"adopted": "decide.done", "rejected": "decide.rejected", "deferred": "decide.deferred"}[
        status
    ]
    say(msg(key, number=item, candidate=shown))


def _candidate_suffix(candidate: str | None) -> str:
    """第 2 项（张三） / item 2 (张三): a candidate after an item number, or nothing."""
    return msg("candidate.suffix", candidate=candidate) if candidate else ""


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
    from yishi.record import _status_word

    def build(m: Any) -> dict[str, Any]:
        the_item = m.item(item)
        consenting = _resolve(m, split_names(yes))
        seen: set[str] = set()
        for member_id in consenting:
            name = m.rules.member(member_id).name
            if member_id in seen:
                raise InputError("reconsider.duplicate", member=name)
            seen.add(member_id)
            if not m.present_for(the_item, member_id):
                raise InputError(
                    "reconsider.not_present",
                    member=name,
                    number=item,
                    status=_status_word(m, the_item, member_id),
                )
        return {"op": "reconsider", "item": item, "members": consenting, "candidate": candidate}

    meeting, entry = _record(records, build)
    the_item = meeting.item(item)
    last = the_item.reconsiderations[-1]
    key = "reconsider.granted" if last.granted else "reconsider.refused"
    if last.granted and last.candidate:
        key = "reconsider.granted_candidate"
    elif last.granted and the_item.reconsiders and not the_item.votes:
        key = "reconsider.earlier_granted"
    earlier = the_item.reconsiders or {}
    say(
        msg(
            key,
            count=len(last.consenting),
            total=last.total,
            required=last.required,
            number=item,
            candidate=last.candidate or "",
            meeting=earlier.get("meeting", ""),
            other=earlier.get("item", ""),
        )
    )


@app.command("notified")
@handle_errors
def notified(
    org: str,
    item: Annotated[int | None, typer.Option("--item", "-i")] = None,
    records: RecordsOpt = None,
) -> None:
    """Record that an organisation (e.g. 派驻纪检监察组) was told in advance."""
    _record(records, lambda m: {"op": "notified", "org": org, "item": item})
    say(msg("notified.done", org=org))


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
    if time and not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", time):
        raise InputError("input.bad_time", value=time)

    def build(m: Any) -> dict[str, Any]:
        event: dict[str, Any] = {
            "op": "set",
            "time": time,
            "place": place,
            "title": title,
            "recorder": recorder,
            "chair": m.resolve_member(chair).id if chair else None,
            "notice_sent": _date(notice_sent) if notice_sent else None,
        }
        if all(v is None for k, v in event.items() if k != "op"):
            raise InputError("set.nothing")
        return event

    _record(records, build)
    say(msg("set.done"))


@app.command("undo")
@handle_errors
def undo(records: RecordsOpt = None) -> None:
    """Revert the last change (the undo itself is logged)."""
    s = store(records)
    meeting, target = s.undo(s.current(), command_line())
    say(msg("undo.done", n=target["n"], cmd=target.get("cmd", target.get("op", ""))))


@app.command("close")
@handle_errors
def close(records: RecordsOpt = None) -> None:
    """End the meeting: no more attendance, items or votes."""
    meeting, _ = _record(records, lambda m: {"op": "close"})
    say(msg("close.done", id=meeting.id))
