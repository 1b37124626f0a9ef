"""The recording commands without typer: the bodies of `attend`, `leave`, `vote`, ...

yishi.commands.meeting declares their arguments, options and help for typer and calls
these; the fast path of a one-shot command (yishi.fastpath) parses the same forms itself
and calls them too, so both paths run the same code. No typer here (it imports pydantic:
~60 ms a command).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from yishi.commands._base import command_line, count_or_names, split_names, store
from yishi.errors import InputError
from yishi.ui import msg, say
from yishi.zh import amount_text


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


def _not_spoken(m: Any, member_id: str) -> str:
    """`member_id`, unless they already spoke or voted by name at this meeting: then they
    were there, and 请假/缺席 would leave a vote from a member not present (SPEC §2)."""
    if member_id not in m.took_part:  # the usual case, without walking every item
        return member_id
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


def _candidate_suffix(candidate: str | None) -> str:
    """第 2 项（张三） / item 2 (张三): a candidate after an item number, or nothing."""
    return msg("candidate.suffix", candidate=candidate) if candidate else ""


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


def attend(members: list[str], from_item: int | None = None, records: Path | None = None) -> None:
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


def leave(member: str, reason: str = "", opinion: str = "", records: Path | None = None) -> None:
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


def absent(
    members: list[str], reason: str = "", opinion: str = "", records: Path | None = None
) -> None:
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


def depart(member: str, after: int, records: Path | None = None) -> None:
    meeting, entry = _record(
        records, lambda m: {"op": "depart", "member": m.resolve_member(member).id, "after": after}
    )
    say(msg("depart.done", name=_names(meeting, [entry["member"]]), after=after))


def guest(
    name: str, role: str = "", item: list[int] | None = None, records: Path | None = None
) -> None:
    items = sorted(set(item or []))
    _record(records, lambda m: {"op": "guest", "name": name, "role": role, "items": items or None})
    say(msg("guest.done", name=name, role=role))
    if items:
        say(msg("guest.items", name=name, items="、".join(map(str, items))))


def chair(member: str, from_item: int, records: Path | None = None) -> None:
    meeting, entry = _record(
        records,
        lambda m: {"op": "chair", "member": m.resolve_member(member).id, "from_item": from_item},
    )
    say(msg("chair.done", name=_names(meeting, [entry["member"]]), from_item=from_item))


def brief(
    member: str,
    by: str | None = None,
    date: str | None = None,
    text: str = "",
    records: Path | None = None,
) -> None:
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


def item_add(
    title: str,
    kind: str | None = None,
    area: str = "",
    amount: str | None = None,
    presenter: str = "",
    candidate: list[str] | None = None,
    ad_hoc: bool = False,
    materials_sent: str | None = None,
    notified: list[str] | None = None,
    confidential: bool | None = None,
    category: str | None = None,
    reconsiders: str | None = None,
    by: str = "",
    submitted: str | None = None,
    done: list[str] | None = None,
    materials: str = "",
    records: Path | None = None,
) -> None:
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


def recuse(member: str, item: int, reason: str = "", records: Path | None = None) -> None:
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


def opinion(
    item: int,
    member: str,
    position: str | None = None,
    candidate: str | None = None,
    text: str = "",
    records: Path | None = None,
) -> None:
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


def vote(
    items: str,
    method: str,
    candidate: str | None = None,
    yes: list[str] | None = None,
    no: list[str] | None = None,
    abstain: list[str] | None = None,
    records: Path | None = None,
) -> None:
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


def decide(
    item: int,
    text: str = "",
    candidate: str | None = None,
    rejected: bool = False,
    defer: bool = False,
    replace: bool = False,
    records: Path | None = None,
) -> None:
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


def reconsider(
    item: int, yes: list[str], candidate: str | None = None, records: Path | None = None
) -> None:
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


def notified(org: str, item: int | None = None, records: Path | None = None) -> None:
    _record(records, lambda m: {"op": "notified", "org": org, "item": item})
    say(msg("notified.done", org=org))


def set_facts(
    time: str | None = None,
    place: str | None = None,
    title: str | None = None,
    recorder: str | None = None,
    chair: str | None = None,
    notice_sent: str | None = None,
    records: Path | None = None,
) -> None:
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


def undo(records: Path | None = None) -> None:
    s = store(records)
    meeting, target = s.undo(s.current(), command_line())
    say(msg("undo.done", n=target["n"], cmd=target.get("cmd", target.get("op", ""))))


def close(records: Path | None = None) -> None:
    meeting, _ = _record(records, lambda m: {"op": "close"})
    say(msg("close.done", id=meeting.id))
