"""Events before the meeting: 议题申报 → 审定 → 会议通知 → open (SPEC §7 "Before").

A meeting created by `yishi plan` starts in the `planned` state (header `planned = true`).
Items added then are 议题申报: who proposes (`by`), when (`submitted`), which of the kind's
`prerequisites` are done. `approve` (审定) puts them on the agenda, `withdraw` takes them off
(the withdrawn keep their number; it is never reused). `open` starts the meeting: an item
not approved by then becomes 临时动议 (ad hoc), as does any item added once it is open;
the remaining items are numbered 1..n again if a withdrawal left a gap, so the minutes
read 一、二、三. `notice` records when the 会议通知 went out; `reported` when a report the
rules ask for (`reports`) was sent. Validation only; no I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from yishi.errors import InputError, StateError

# yishi.record imports this module's OPS at its end, and this module imports yishi.record at
# its own end, after OPS (whichever of the two is imported first, both load): the functions
# here read `rec` when they run, never while the modules load


def _date(value: Any) -> dt.date | None:
    return rec._date(value)


def proposal(m: rec.Meeting, item: rec.Item, e: dict[str, Any]) -> None:
    """The 申报 facts of a new item, and ad hoc by state."""
    wanted = prerequisites_of(m, item)
    done = tuple(e.get("done", ()))
    for name in done:
        if name not in wanted:
            raise InputError(
                "item.unknown_prerequisite",
                name=name,
                kind=m.rules.item_kinds[item.kind].name,
                known="、".join(wanted) or "-",
            )
    item.prerequisites_done = tuple(dict.fromkeys(done))
    item.prerequisites_recorded = bool(done) or "done" in e or not wanted
    item.proposed_by = str(e.get("by", ""))
    item.submitted = rec._date(e.get("submitted"))
    item.materials = str(e.get("materials", ""))
    if m.state == rec.PLANNED:
        item.proposed = True
    elif m.planned:
        item.ad_hoc = True  # added once a planned meeting is open: 临时动议


def prerequisites_of(m: rec.Meeting, item: rec.Item) -> tuple[str, ...]:
    """The prerequisites of an item: its kind's, and its requested kind's (an item judged
    under two kinds needs both)."""
    names: list[str] = []
    for kind_id in (item.kind, item.requested_kind):
        kind = m.rules.item_kinds.get(kind_id)
        if kind is not None:
            names += [n for n in kind.prerequisites if n not in names]
    return tuple(names)


def missing_prerequisites(m: rec.Meeting, item: rec.Item) -> list[str]:
    return [n for n in prerequisites_of(m, item) if n not in item.prerequisites_done]


def _op_prerequisite(m: rec.Meeting, e: dict[str, Any]) -> None:
    item = m.item(e["item"])
    wanted = prerequisites_of(m, item)
    for name in e["done"]:
        if name not in wanted:
            raise InputError(
                "item.unknown_prerequisite",
                name=name,
                kind=m.kind(item).name,
                known="、".join(wanted) or "-",
            )
    item.prerequisites_done = tuple(dict.fromkeys(item.prerequisites_done + tuple(e["done"])))
    item.prerequisites_recorded = True


def _op_approve(m: rec.Meeting, e: dict[str, Any]) -> None:
    items = [m.item(n) for n in e["items"]]
    if not items:
        raise InputError("approve.nothing")
    for item in items:  # prerequisites still missing are warned about, and checked later
        item.approved = True
        item.forced_approval = bool(missing_prerequisites(m, item))


def _op_withdraw(m: rec.Meeting, e: dict[str, Any]) -> None:
    item = m.item(e["item"])
    m.items.remove(item)
    m.withdrawn.append(item)


def _op_open(m: rec.Meeting, e: dict[str, Any]) -> None:
    if m.state != rec.PLANNED:
        raise StateError("meeting.not_planned", id=m.id, op="open")
    m.state = rec.OPEN
    m.opened = str(e.get("at", ""))
    for key in ("time", "place", "title", "recorder", "chair"):  # facts given at open
        if e.get(key):
            if key == "chair":
                e_chair = m.resolve_member(str(e[key])).id
                m.chair = e_chair
            else:
                setattr(m, key, str(e[key]))
    if e.get("emergency"):
        m.emergency = True
    if e.get("notice_sent"):
        m.notice_sent = _date(e["notice_sent"])
    m.notified = m.notified + tuple(e.get("notified", ()))
    for item in m.items:
        if not item.approved:
            item.ad_hoc = True
    for number, item in enumerate(m.items, start=1):
        item.number = number


def _op_notice(m: rec.Meeting, e: dict[str, Any]) -> None:
    sent = _date(e.get("sent"))
    if sent is None:
        raise InputError("input.bad_date", value=e.get("sent"))
    if sent > m.date:
        raise InputError("notice.after_meeting", sent=sent.isoformat(), date=m.date.isoformat())
    m.notice_sent = sent
    m.notices.append({"sent": sent, "items": [i.number for i in m.items if i.approved]})


def _op_reported(m: rec.Meeting, e: dict[str, Any]) -> None:
    names = [r.name for r in m.meeting_type.reports]
    if e["name"] not in names:
        raise InputError("report.unknown", name=e["name"], known="、".join(names) or "-")
    sent = _date(e.get("date"))
    if sent is None:
        raise InputError("input.bad_date", value=e.get("date"))
    m.reports[e["name"]] = sent


OPS = {
    "open": _op_open,
    "approve": _op_approve,
    "withdraw": _op_withdraw,
    "prerequisite": _op_prerequisite,
    "notice": _op_notice,
    "reported": _op_reported,
}


@dataclass
class Started:
    """A planned meeting opened: the meeting, items renumbered (old, new), and the items
    that were never approved, which the meeting now holds as 临时动议."""

    meeting: Any
    renumbered: list[tuple[int, int]] = field(default_factory=list)
    ad_hoc: list[Any] = field(default_factory=list)


def start_planned(store: Any, meeting_id: str, facts: dict[str, Any], cmd: str) -> Started:
    """Open the planned meeting `meeting_id` with `facts` (time, place, recorder...) and
    make it the current meeting."""
    before = store.meeting(meeting_id)
    old_numbers = [i.number for i in before.items]
    event = {"op": "open", **{k: v for k, v in facts.items() if v not in (None, "", False)}}
    meeting, _ = store.change(meeting_id, lambda m: event, cmd)
    store.set_current(meeting_id)
    renumbered = [
        (old, position) for position, old in enumerate(old_numbers, start=1) if old != position
    ]
    return Started(meeting, renumbered, [i for i in meeting.items if i.ad_hoc])


def proposal_notes(m: rec.Meeting, item: rec.Item, lang: str) -> list[str]:
    """What is said of a 申报 when it is added: the item, its missing prerequisites, and
    a submission later than the rules' `submit_days` before the meeting."""
    from yishi import workdays
    from yishi.i18n import t

    lines = [
        t(
            "item.proposed",
            lang,
            number=item.number,
            title=item.title,
            kind=m.kind(item).name,
            by=item.proposed_by or "-",
            submitted=item.submitted.isoformat() if item.submitted else "-",
        )
    ]
    missing = missing_prerequisites(m, item)
    if missing:
        lines.append(t("item.prereq_missing", lang, missing="、".join(missing), number=item.number))
    mtype = m.meeting_type
    if mtype.submit_days is not None and item.submitted is not None:
        deadline = workdays.latest(m.date, mtype.submit_days, mtype.day_count)
        if item.submitted > deadline:
            lines.append(
                t(
                    "item.submit_late",
                    lang,
                    days=mtype.submit_days,
                    unit=workdays.day_unit(mtype.day_count),
                    deadline=deadline.isoformat(),
                )
            )
    return lines


__all__ = [
    "OPS",
    "proposal",
    "prerequisites_of",
    "missing_prerequisites",
    "proposal_notes",
    "start_planned",
    "Started",
]

from yishi import record as rec  # noqa: E402 (see the note at the top)
