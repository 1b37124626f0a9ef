"""The meeting record: a header, the rules snapshot, and an append-only log of events.

The state of a meeting is never stored on its own: it is the fold of the log's events that
were not undone (`replay`). That makes `undo` exact, keeps an audit trail of every change,
and lets a hand-edited record be judged the same way as one typed live.

Every event is validated against the state it is applied to (`apply`): a refusal raises
InputError/StateError and nothing is written. No I/O and no terminal here.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from yishi.errors import InputError, StateError
from yishi.record_format import CURRENT as FORMAT
from yishi.rules import ItemKind, MeetingType, Member, Rules, resolve_among

PRESENT, LEAVE, ABSENT = "present", "leave", "absent"
OPEN, CLOSED, ISSUED = "open", "closed", "issued"
POSITIONS = ("agree", "disagree", "defer")
NAMED_METHODS = ("oral", "hands", "roll_call")


@dataclass
class Attendance:
    status: str  # present | leave | absent
    reason: str = ""
    written_opinion: str = ""
    departed_after: int | None = None  # present for items <= this number only


@dataclass
class Opinion:
    member: str
    position: str | None  # agree | disagree | defer | None (a statement without position)
    candidate: str | None = None
    text: str = ""
    written: bool = False  # a written opinion of a member on leave (outside speaking order)
    order: int = 0  # speaking order within the meeting (log number)


@dataclass
class Vote:
    method: str
    candidate: str | None
    yes: int
    no: int
    abstain: int
    yes_names: tuple[str, ...] = ()
    no_names: tuple[str, ...] = ()
    abstain_names: tuple[str, ...] = ()
    joint_items: tuple[int, ...] = ()  # items voted together with this one (逐项表决 broken)
    joint_candidates: bool = False  # one vote for all candidates (逐个表决 broken)
    round: int = 1
    order: int = 0

    @property
    def secret(self) -> bool:
        return self.method == "secret"


@dataclass
class Reconsideration:
    consenting: tuple[str, ...]
    granted: bool
    order: int = 0


@dataclass
class Item:
    number: int
    title: str
    kind: str
    requested_kind: str
    area: str = ""
    amount: Fraction | None = None
    presenter: str = ""
    candidates: tuple[str, ...] = ()
    ad_hoc: bool = False
    materials_sent: dt.date | None = None
    notified: tuple[str, ...] = ()
    recusals: dict[str, str] = field(default_factory=dict)
    opinions: list[Opinion] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    reconsiderations: list[Reconsideration] = field(default_factory=list)
    decision: str = ""
    deferred: bool = False
    decided: bool = False
    round: int = 1
    confidential: bool = False

    def current_votes(self) -> list[Vote]:
        return [v for v in self.votes if v.round == self.round]


@dataclass
class Meeting:
    """What happened, as of the log so far."""

    id: str
    body: str
    type: str
    date: dt.date
    rules: Rules
    time: str = ""
    place: str = ""
    title: str = ""
    chair: str = ""
    recorder: str = ""
    emergency: bool = False
    notice_sent: dt.date | None = None
    notified: tuple[str, ...] = ()
    state: str = OPEN
    number: str = ""
    seq: int = 0
    attendance: dict[str, Attendance] = field(default_factory=dict)
    guests: list[tuple[str, str]] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    amendments: list[dict[str, Any]] = field(default_factory=list)
    forced_issue: bool = False

    # --- derived views

    @property
    def meeting_type(self) -> MeetingType:
        return self.rules.meeting_types[self.type]

    @functools.cached_property
    def members(self) -> tuple[Member, ...]:
        """应到会成员: the members expected at this meeting type (rules never change)."""
        return self.rules.members_of(self.type)

    def resolve_member(self, text: str) -> Member:
        """A member expected at this meeting by id, name or unique prefix."""
        return resolve_among(self.members, text)

    @property
    def year(self) -> int:
        return self.date.year

    def kind(self, item: Item) -> ItemKind:
        return self.rules.item_kinds[item.kind]

    def item(self, number: int) -> Item:
        for item in self.items:
            if item.number == number:
                return item
        known = ", ".join(str(i.number) for i in self.items) or "-"
        raise InputError("item.unknown", number=number, known=known)

    def status_of(self, member_id: str) -> str | None:
        entry = self.attendance.get(member_id)
        return entry.status if entry else None

    def attended(self) -> list[Member]:
        """Members present at the meeting (counted for the meeting quorum)."""
        return [m for m in self.members if self.status_of(m.id) == PRESENT]

    def present_for(self, item: Item, member_id: str) -> bool:
        entry = self.attendance.get(member_id)
        if entry is None or entry.status != PRESENT:
            return False
        if entry.departed_after is not None and item.number > entry.departed_after:
            return False
        return member_id not in item.recusals

    def present_members_for(self, item: Item) -> list[Member]:
        return [m for m in self.members if self.present_for(item, m.id)]

    def eligible_members_for(self, item: Item) -> list[Member]:
        return [m for m in self.members if m.id not in item.recusals]

    def base_total(self, item: Item, base: str, cast: int) -> int:
        """The size of a threshold's base for an item: `members` (应到会), `eligible`
        (minus the recused), `present` (present for the item, not recused), `cast`."""
        if base == "members":
            return len(self.members)
        if base == "eligible":
            return len(self.eligible_members_for(item))
        if base == "present":
            return len(self.present_members_for(item))
        return cast

    def unrecorded(self) -> list[Member]:
        return [m for m in self.members if m.id not in self.attendance]


# ---------------------------------------------------------------------------- events


def _member(meeting: Meeting, member_id: str) -> Member:
    """A member expected at this meeting (a member of the body outside this meeting
    type's `members` is not one: they may attend only as 列席)."""
    for member in meeting.members:
        if member.id == member_id:
            return member
    listing = "、".join(f"{m.name}({m.id})" for m in meeting.members)
    raise InputError("member.unknown", text=member_id, candidates=listing)


def _date(text: str | None) -> dt.date | None:
    if text in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise InputError("input.bad_date", value=text) from None


def _candidate(item: Item, candidate: str | None) -> str | None:
    if candidate is None:
        return None
    if candidate in item.candidates:
        return candidate
    matches = [c for c in item.candidates if c.startswith(candidate)]
    if len(matches) == 1:
        return matches[0]
    raise InputError("item.unknown_candidate", number=item.number, text=candidate,
                     known="、".join(item.candidates) or "-")


def _op_attend(m: Meeting, e: dict[str, Any]) -> None:
    for member_id in e["members"]:
        _member(m, member_id)
        m.attendance[member_id] = Attendance(PRESENT)


def _op_leave(m: Meeting, e: dict[str, Any]) -> None:
    _member(m, e["member"])
    if not str(e.get("reason", "")).strip():
        raise InputError("attendance.reason_required")
    m.attendance[e["member"]] = Attendance(LEAVE, reason=e["reason"],
                                           written_opinion=e.get("opinion", ""))


def _op_absent(m: Meeting, e: dict[str, Any]) -> None:
    for member_id in e["members"]:
        _member(m, member_id)
        m.attendance[member_id] = Attendance(ABSENT, reason=e.get("reason", ""))


def _op_depart(m: Meeting, e: dict[str, Any]) -> None:
    entry = m.attendance.get(e["member"])
    if entry is None or entry.status != PRESENT:
        raise InputError("attendance.depart_not_present", member=_member(m, e["member"]).name)
    m.item(e["after"])
    entry.departed_after = e["after"]


def _op_guest(m: Meeting, e: dict[str, Any]) -> None:
    if not e["name"].strip():
        raise InputError("input.empty", what="name")
    m.guests.append((e["name"], e.get("role", "")))


def _op_item(m: Meeting, e: dict[str, Any]) -> None:
    rules = m.rules
    requested = e["kind"]
    if requested not in rules.item_kinds:
        raise InputError("item.unknown_kind", kind=requested,
                         known=", ".join(rules.item_kinds))
    allowed = m.meeting_type.kinds
    if allowed and requested not in allowed:
        raise InputError("item.kind_not_allowed", kind=requested, type=m.meeting_type.name,
                         known=", ".join(allowed))
    amount = _amount(e.get("amount"))
    kind = e.get("recorded_kind", requested)
    if kind not in rules.item_kinds:
        raise InputError("item.unknown_kind", kind=kind, known=", ".join(rules.item_kinds))
    if not e["title"].strip():
        raise InputError("input.empty", what="title")
    candidates = tuple(e.get("candidates", ()))
    if len(set(candidates)) != len(candidates):
        raise InputError("item.duplicate_candidate")
    item = Item(
        number=len(m.items) + 1, title=e["title"], kind=kind, requested_kind=requested,
        area=e.get("area", ""), amount=amount, presenter=e.get("presenter", ""),
        candidates=candidates, ad_hoc=bool(e.get("ad_hoc", False)),
        materials_sent=_date(e.get("materials_sent")),
        notified=tuple(e.get("notified", ())),
        confidential=bool(e.get("confidential", rules.item_kinds[kind].confidential)))
    m.items.append(item)


def _amount(value: Any) -> Fraction | None:
    if value in (None, ""):
        return None
    from yishi.amount import from_record

    return from_record(value)


def classify(rules: Rules, requested: str, amount: Any) -> str:
    """The kind an item is recorded as: an amount at or over a kind's `amount_at_least`
    makes it that kind (the highest threshold reached wins)."""
    value = _amount(amount)
    if value is None or requested not in rules.item_kinds:
        return requested
    by_amount = rules.kind_for_amount(value)
    own = rules.item_kinds[requested].amount_at_least
    if by_amount is not None and by_amount.amount_at_least is not None and (
            own is None or by_amount.amount_at_least > own):
        return by_amount.id
    return requested


def _op_recuse(m: Meeting, e: dict[str, Any]) -> None:
    item = m.item(e["item"])
    member = _member(m, e["member"])
    if any(o.member == member.id for o in item.opinions) or any(
            member.id in v.yes_names + v.no_names + v.abstain_names for v in item.votes):
        raise InputError("recuse.already_spoke", member=member.name, number=item.number)
    item.recusals[member.id] = e.get("reason", "")


def _op_opinion(m: Meeting, e: dict[str, Any]) -> None:
    item = m.item(e["item"])
    member = _member(m, e["member"])
    kind = m.kind(item)
    position = e.get("position")
    if position is not None and position not in kind.opinions:
        raise InputError("opinion.not_allowed", position=position, kind=kind.name,
                         allowed=", ".join(kind.opinions))
    candidate = _candidate(item, e.get("candidate"))
    if member.id in item.recusals:
        raise InputError("opinion.recused", member=member.name, number=item.number)
    status = m.status_of(member.id)
    written = status == LEAVE
    if not written and not m.present_for(item, member.id):
        raise InputError("opinion.not_present", member=member.name, number=item.number,
                         status=_status_word(m, item, member.id))
    if position is None and not str(e.get("text", "")).strip():
        raise InputError("opinion.empty")
    item.opinions.append(Opinion(member.id, position, candidate, e.get("text", ""), written,
                                 e["n"]))


def _status_word(m: Meeting, item: Item, member_id: str) -> str:
    entry = m.attendance.get(member_id)
    if member_id in item.recusals:
        return "recused"
    if entry is None:
        return "unrecorded"
    if entry.status == PRESENT and entry.departed_after is not None:
        return "departed"
    return entry.status


def _op_vote(m: Meeting, e: dict[str, Any]) -> None:
    numbers = e["items"]
    items = [m.item(n) for n in numbers]
    method = e["method"]
    allowed = m.rules.methods_for(m.kind(items[0]))
    if method not in ("oral", "hands", "secret", "roll_call"):
        raise InputError("vote.bad_method", method=method, allowed=", ".join(allowed))
    for item in items:
        if not m.kind(item).vote:
            raise InputError("vote.kind_not_voted", number=item.number, kind=m.kind(item).name)
    first = items[0]
    candidate = _candidate(first, e.get("candidate"))
    joint_candidates = False
    if candidate is None and len(first.candidates) == 1:
        candidate = first.candidates[0]
    elif candidate is None and len(first.candidates) > 1:
        joint_candidates = True
    if candidate is not None and len(items) > 1:
        raise InputError("vote.candidate_joint")
    if method == "secret":
        if any(e.get(k) for k in ("yes_names", "no_names", "abstain_names")):
            raise InputError("vote.secret_names")
        counts = [e.get("yes", 0), e.get("no", 0), e.get("abstain", 0)]
        if any(not isinstance(c, int) or isinstance(c, bool) or c < 0 for c in counts):
            raise InputError("vote.secret_counts")
        for item in items:
            present = len(m.present_members_for(item))
            if sum(counts) > present:
                raise InputError("vote.too_many", total=sum(counts), present=present,
                                 number=item.number)
        names: tuple[tuple[str, ...], ...] = ((), (), ())
    else:
        if any(isinstance(e.get(k), int) and e.get(k) for k in ("yes", "no", "abstain")):
            raise InputError("vote.named_counts", method=method)
        names = tuple(tuple(e.get(k, ())) for k in ("yes_names", "no_names", "abstain_names"))
        everyone = [n for group in names for n in group]
        if len(set(everyone)) != len(everyone):
            dup = next(n for n in everyone if everyone.count(n) > 1)
            raise InputError("vote.twice", member=_member(m, dup).name)
        if not everyone:
            raise InputError("vote.empty")
        for member_id in everyone:
            member = _member(m, member_id)
            for item in items:
                if not m.present_for(item, member_id):
                    raise InputError("vote.not_present", member=member.name, number=item.number,
                                     status=_status_word(m, item, member_id))
        counts = [len(g) for g in names]
    for item in items:
        for vote in item.current_votes():
            if vote.candidate == candidate or vote.joint_candidates or joint_candidates:
                raise InputError("vote.again", number=item.number,
                                 candidate=candidate or "")
    for item in items:
        item.votes.append(Vote(
            method=method, candidate=candidate, yes=counts[0], no=counts[1], abstain=counts[2],
            yes_names=names[0], no_names=names[1], abstain_names=names[2],
            joint_items=tuple(n for n in numbers if n != item.number),
            joint_candidates=joint_candidates, round=item.round, order=e["n"]))


def _op_decide(m: Meeting, e: dict[str, Any]) -> None:
    item = m.item(e["item"])
    if not e.get("defer") and not str(e.get("text", "")).strip():
        raise InputError("input.empty", what="decision")
    item.decision = e.get("text", "")
    item.deferred = bool(e.get("defer", False))
    item.decided = True


def _op_reconsider(m: Meeting, e: dict[str, Any]) -> None:
    item = m.item(e["item"])
    kind = m.kind(item)
    if not item.votes:
        raise InputError("reconsider.nothing", number=item.number)
    threshold = m.rules.reconsider_for(kind)
    consenting = tuple(e["members"])
    for member_id in consenting:
        _member(m, member_id)
    if threshold is None:
        granted = True
    else:
        total = m.base_total(item, threshold.of, len(consenting))
        granted = threshold.met(len(consenting), total)
    item.reconsiderations.append(Reconsideration(consenting, granted, e["n"]))
    if granted:
        item.round += 1
        item.decided = False
        item.decision = ""
        item.deferred = False


def _op_notified(m: Meeting, e: dict[str, Any]) -> None:
    if e.get("item"):
        item = m.item(e["item"])
        item.notified = item.notified + (e["org"],)
    else:
        m.notified = m.notified + (e["org"],)


def _op_set(m: Meeting, e: dict[str, Any]) -> None:
    """Change header facts after opening (place, time, recorder, chair, notice date)."""
    for key in ("time", "place", "title", "recorder", "chair"):
        if key in e:
            setattr(m, key, e[key])
    if "notice_sent" in e:
        m.notice_sent = _date(e["notice_sent"])


def _op_close(m: Meeting, e: dict[str, Any]) -> None:
    m.state = CLOSED


def _op_issue(m: Meeting, e: dict[str, Any]) -> None:
    if m.state != CLOSED:
        raise StateError("issue.not_closed", id=m.id)
    m.state = ISSUED
    m.number = e["number"]
    m.seq = e["seq"]
    m.forced_issue = bool(e.get("forced", False))


def _op_amend(m: Meeting, e: dict[str, Any]) -> None:
    if m.state != ISSUED:
        raise StateError("amend.not_issued", id=m.id)
    m.amendments.append({k: v for k, v in e.items() if k not in ("op",)})


OPS = {
    "attend": _op_attend, "leave": _op_leave, "absent": _op_absent, "depart": _op_depart,
    "guest": _op_guest, "item": _op_item, "recuse": _op_recuse, "opinion": _op_opinion,
    "vote": _op_vote, "decide": _op_decide, "reconsider": _op_reconsider,
    "notified": _op_notified, "set": _op_set, "close": _op_close, "issue": _op_issue,
    "amend": _op_amend,
}
# what may still happen after `close` (and after `issue`)
AFTER_CLOSE = {"issue"}
AFTER_ISSUE = {"amend"}


def apply(meeting: Meeting, event: dict[str, Any]) -> None:
    """Apply one event; raise InputError/StateError (leaving `meeting` unusable) if refused."""
    op = event.get("op")
    handler = OPS.get(op)  # type: ignore[arg-type]
    if handler is None:
        raise InputError("record.unknown_op", op=op)
    if meeting.state == ISSUED and op not in AFTER_ISSUE:
        raise StateError("meeting.issued", id=meeting.id)
    if meeting.state == CLOSED and op not in AFTER_CLOSE:
        raise StateError("meeting.closed", id=meeting.id)
    handler(meeting, event)


# ---------------------------------------------------------------------------- replay


def new_meeting(header: dict[str, Any], rules: Rules) -> Meeting:
    date = _date(header["date"])
    if date is None:  # `date = ""` in a hand-edited record
        raise InputError("input.bad_date", value=header["date"])
    return Meeting(
        id=header["id"], body=header["body"], type=header["type"], date=date, rules=rules,
        time=header.get("time", ""), place=header.get("place", ""),
        title=header.get("title", ""), chair=header.get("chair", ""),
        recorder=header.get("recorder", ""), emergency=bool(header.get("emergency", False)),
        notice_sent=_date(header.get("notice_sent")),
        notified=tuple(header.get("notified", ())))


def active_events(log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events that count: not undo entries, not undone; an entry fixed by a later one
    (`replaces = N`, see yishi.fix) counts as that fix, in its own place and number."""
    undone = {entry["target"] for entry in log if entry.get("op") == "undo"}
    live = [entry for entry in log if entry.get("op") != "undo" and entry["n"] not in undone]
    fixes = {entry["replaces"]: entry for entry in live if "replaces" in entry}
    if not fixes:
        return live
    return [entry if entry["n"] not in fixes else {**fixes[entry["n"]], "n": entry["n"]}
            for entry in live if "replaces" not in entry]


def last_undoable(log: list[dict[str, Any]]) -> dict[str, Any] | None:
    undone = {entry["target"] for entry in log if entry.get("op") == "undo"}
    for entry in reversed(log):
        if entry.get("op") in ("undo", "issue", "amend") or entry["n"] in undone:
            if entry.get("op") in ("issue", "amend"):
                return None  # a sealed record is never rolled back
            continue
        return entry
    return None


def replay(header: dict[str, Any], rules: Rules, log: list[dict[str, Any]]) -> Meeting:
    meeting = new_meeting(header, rules)
    for event in active_events(log):
        apply(meeting, event)
    return meeting


__all__ = ["Meeting", "Item", "Vote", "Opinion", "Attendance", "Reconsideration", "apply",
           "replay", "new_meeting", "active_events", "last_undoable", "PRESENT", "LEAVE",
           "ABSENT", "OPEN", "CLOSED", "ISSUED", "FORMAT", "classify"]
