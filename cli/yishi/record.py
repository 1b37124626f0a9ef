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

from yishi.amount import from_record
from yishi.errors import InputError, StateError
from yishi.record_format import CURRENT as FORMAT
from yishi.rules import ItemKind, MeetingType, Member, Rules, resolve_among

PRESENT, LEAVE, ABSENT = "present", "leave", "absent"
PLANNED, OPEN, CLOSED, ISSUED = "planned", "open", "closed", "issued"
POSITIONS = ("agree", "disagree", "defer")
NAMED_METHODS = ("oral", "hands", "roll_call")


# The parts of a meeting have fixed attributes (slots): thousands are made per batch,
# one replay at a time, and each is read many times by check and render.
@dataclass(slots=True)
class Attendance:
    status: str  # present | leave | absent
    reason: str = ""
    written_opinion: str = ""
    departed_after: int | None = None  # present for items <= this number only
    from_item: int | None = None  # arrived late: present for items >= this number only


@dataclass(slots=True)
class Opinion:
    member: str
    position: str | None  # agree | disagree | defer | None (a statement without position)
    candidate: str | None = None
    text: str = ""
    written: bool = False  # a written opinion of a member on leave (outside speaking order)
    order: int = 0  # speaking order within the meeting (log number)


@dataclass(slots=True)
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


@dataclass(slots=True)
class Reconsideration:
    consenting: tuple[str, ...]
    granted: bool
    order: int = 0
    candidate: str | None = None  # 复议 of one candidate only
    total: int = 0  # the size of the consent threshold's base (voting.reconsider `of`)
    required: int = 0  # the smallest consent that was needed


ADOPTED, REJECTED, DEFERRED = "adopted", "rejected", "deferred"
STATUSES = (ADOPTED, REJECTED, DEFERRED)


@dataclass(slots=True)
class Decision:
    """What the meeting decided on an item, or on one candidate of it."""

    text: str
    status: str = ADOPTED  # adopted | rejected (未通过) | deferred (暂缓 / 缓议)
    order: int = 0


@dataclass(slots=True)
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
    # decisions: None = the item as a whole, else per candidate (缓议 of one candidate)
    decisions: dict[str | None, Decision] = field(default_factory=dict)
    round: int = 1
    candidate_rounds: dict[str, int] = field(default_factory=dict)  # after 复议 of one
    confidential: bool = False
    amount_kind: str | None = None  # the kind its amount reaches, judged too (SPEC §1)
    category: str = ""  # spending category matched against a kind's `categories`
    reconsiders: dict[str, Any] | None = None  # 复议 of an earlier meeting's item

    # 议题申报 (an item proposed on a planned meeting; see yishi.record_before)
    proposed: bool = False  # added while the meeting was planned
    proposed_by: str = ""
    submitted: dt.date | None = None
    prerequisites_done: tuple[str, ...] = ()
    prerequisites_recorded: bool = False  # --done given (or the kind needs none)
    approved: bool = False
    forced_approval: bool = False  # approved while prerequisites were still missing
    materials: str = ""

    # the item as a whole (what 0.1 knew)
    @property
    def decision(self) -> str:
        whole = self.decisions.get(None)
        return whole.text if whole else ""

    @property
    def deferred(self) -> bool:
        whole = self.decisions.get(None)
        return whole is not None and whole.status == DEFERRED

    @property
    def decided(self) -> bool:
        return None in self.decisions

    def decision_for(self, group: str | None) -> Decision | None:
        """The decision that covers a candidate (its own, else the item's) or the item."""
        if group is not None and group in self.decisions:
            return self.decisions[group]
        return self.decisions.get(None)

    def round_of(self, candidate: str | None) -> int:
        if candidate is None:
            return self.round
        return self.candidate_rounds.get(candidate, self.round)

    def is_current(self, vote: Vote, group: str | None) -> bool:
        """Whether `vote` decides `group` (a candidate, or None: the item) in its round."""
        if group is None:
            return vote.round == self.round_of(vote.candidate)
        if vote.candidate != group and not (vote.candidate is None and vote.joint_candidates):
            return False
        return vote.round == self.round_of(group)

    def current_votes(self) -> list[Vote]:
        groups: list[str | None] = list(self.candidates) or [None]
        return [v for v in self.votes if any(self.is_current(v, g) for g in groups)]


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
    guest_items: list[tuple[int, ...]] = field(default_factory=list)  # per guest; () = all
    chair_changes: list[tuple[int, str]] = field(default_factory=list)  # (from item, member)
    briefings: dict[str, dict[str, Any]] = field(default_factory=dict)  # 会后转告缺席同志
    items: list[Item] = field(default_factory=list)
    amendments: list[dict[str, Any]] = field(default_factory=list)
    forced_issue: bool = False
    reviews: dict[str, str] = field(default_factory=dict)  # member id -> comment (纪要审阅)
    issue_date: str = ""  # the 印发 date given at issue (YYYY-MM-DD), '' = the day of issue
    planned: bool = False  # created by `yishi plan` (议题申报 → 审定 → 通知 before it opened)
    opened: str = ""  # when a planned meeting was opened (log time)
    withdrawn: list[Item] = field(default_factory=list)
    contact: str = ""
    notices: list[dict[str, Any]] = field(default_factory=list)
    reports: dict[str, dt.date] = field(default_factory=dict)  # report name -> sent
    # members who spoke (not in writing) or voted by name at least once: only ever grows, so
    # a member not in it never took part (withdrawing an item may leave one in it)
    took_part: set[str] = field(default_factory=set)

    # --- derived views

    @property
    def meeting_type(self) -> MeetingType:
        return self.rules.meeting_types[self.type]

    @functools.cached_property
    def members(self) -> tuple[Member, ...]:
        """应到会成员: the members expected at this meeting type (rules never change)."""
        return self.rules.members_of(self.type)

    @functools.cached_property
    def member_index(self) -> dict[str, Member]:
        """The members expected at this meeting by id (the first, were an id repeated)."""
        index: dict[str, Member] = {}
        for member in self.members:
            index.setdefault(member.id, member)
        return index

    def resolve_member(self, text: str) -> Member:
        """A member expected at this meeting by id, name or unique prefix."""
        return resolve_among(self.members, text)

    @property
    def year(self) -> int:
        return self.date.year

    def kind(self, item: Item) -> ItemKind:
        """The rules an item is judged under: its kind's, and where its amount reaches
        another kind, the stricter of both (SPEC §1)."""
        own = self.rules.item_kinds[item.kind]
        if item.amount_kind and item.amount_kind in self.rules.item_kinds:
            from yishi.kinds import strictest

            return strictest(own, self.rules.item_kinds[item.amount_kind], len(self.members))
        return own

    def chair_for(self, number: int) -> str:
        """Who chairs item `number`: the last change of chair from that item or before."""
        chair = self.chair
        for from_item, member_id in sorted(self.chair_changes):
            if from_item <= number:
                chair = member_id
        return chair

    def item(self, number: int) -> Item:
        items = self.items
        # items are numbered 1, 2, 3... in order: item N is at N-1 unless one was withdrawn
        # (a planned meeting); O(1) for every event of a long replay, else the scan
        if isinstance(number, int) and 0 < number <= len(items):
            at = items[number - 1]
            if at.number == number:
                return at
        for item in items:
            if item.number == number:
                return item
        if any(w.number == number for w in self.withdrawn):
            raise InputError("item.withdrawn", number=number)
        known = ", ".join(str(i.number) for i in self.items) or "-"
        raise InputError("item.unknown", number=number, known=known)

    def status_of(self, member_id: str) -> str | None:
        entry = self.attendance.get(member_id)
        return entry.status if entry else None

    def attended(self) -> list[Member]:
        """Members present at the meeting (late arrivals included)."""
        return [m for m in self.members if self.status_of(m.id) == PRESENT]

    def present_at_opening(self) -> list[Member]:
        """Members present when the meeting opened (counted for the meeting quorum): late
        arrivals (`attend --from-item N`, N > 1) are not."""
        return [m for m in self.attended() if (self.attendance[m.id].from_item or 1) <= 1]

    def quorate(self) -> bool:
        """The meeting has its own quorum (a type without a quorum rule always has)."""
        quorum = self.meeting_type.quorum
        return quorum is None or quorum.met(len(self.present_at_opening()), len(self.members))

    def present_for(self, item: Item, member_id: str) -> bool:
        entry = self.attendance.get(member_id)
        if entry is None or entry.status != PRESENT:
            return False
        if entry.departed_after is not None and item.number > entry.departed_after:
            return False
        if entry.from_item is not None and item.number < entry.from_item:
            return False
        return member_id not in item.recusals

    def present_ids_for(self, item: Item) -> frozenset[str]:
        """Every id `present_for(item, id)` is true of."""
        number, recusals = item.number, item.recusals
        present = []
        for member_id, entry in self.attendance.items():
            if entry.status != PRESENT or member_id in recusals:
                continue
            if entry.departed_after is not None and number > entry.departed_after:
                continue
            if entry.from_item is not None and number < entry.from_item:
                continue
            present.append(member_id)
        return frozenset(present)

    def present_members_for(self, item: Item) -> list[Member]:
        # asked for every item by replay, check, render and status: one pass over the
        # attendance (present_ids_for), then the members in their order
        ids = self.present_ids_for(item)
        return [member for member in self.members if member.id in ids]

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

    def reviews_missing(self) -> list[Member]:
        """Members who have not yet reviewed the draft 纪要, where the meeting type asks
        for it (`minutes_review`): `issue` waits for them."""
        if not self.meeting_type.minutes_review:
            return []
        return [m for m in self.members if m.id not in self.reviews]


# ---------------------------------------------------------------------------- events


def _member(meeting: Meeting, member_id: str) -> Member:
    """A member expected at this meeting (a member of the body outside this meeting
    type's `members` is not one: they may attend only as 列席)."""
    try:
        member = meeting.member_index.get(member_id)
    except TypeError:  # a hand-edited record: a list or table where an id belongs
        member = None
    if member is not None:
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
    if not isinstance(candidate, str):  # a hand-edited record
        raise InputError(
            "item.unknown_candidate",
            number=item.number,
            text=str(candidate)[:40],
            known="、".join(item.candidates) or "-",
        )
    if candidate in item.candidates:
        return candidate
    matches = [c for c in item.candidates if c.startswith(candidate)]
    if len(matches) == 1:
        return matches[0]
    raise InputError(
        "item.unknown_candidate",
        number=item.number,
        text=candidate,
        known="、".join(item.candidates) or "-",
    )


def _op_attend(m: Meeting, e: dict[str, Any]) -> None:
    from_item = e.get("from_item")
    if from_item is not None and (
        not isinstance(from_item, int) or isinstance(from_item, bool) or from_item < 1
    ):
        raise InputError("input.bad_number", value=from_item)
    for member_id in e["members"]:
        _member(m, member_id)
        m.attendance[member_id] = Attendance(PRESENT, from_item=from_item)


def _op_leave(m: Meeting, e: dict[str, Any]) -> None:
    _member(m, e["member"])
    if not str(e.get("reason", "")).strip():
        raise InputError("attendance.reason_required")
    m.attendance[e["member"]] = Attendance(
        LEAVE, reason=e["reason"], written_opinion=e.get("opinion", "")
    )


def _op_absent(m: Meeting, e: dict[str, Any]) -> None:
    if not isinstance(e.get("opinion", "") or "", str):
        raise InputError("input.empty", what="opinion")
    for member_id in e["members"]:
        _member(m, member_id)
        m.attendance[member_id] = Attendance(
            ABSENT, reason=e.get("reason", ""), written_opinion=e.get("opinion", "") or ""
        )


def _op_depart(m: Meeting, e: dict[str, Any]) -> None:
    entry = m.attendance.get(e["member"])
    if entry is None or entry.status != PRESENT:
        raise InputError("attendance.depart_not_present", member=_member(m, e["member"]).name)
    m.item(e["after"])
    entry.departed_after = e["after"]


def _op_guest(m: Meeting, e: dict[str, Any]) -> None:
    if not e["name"].strip():
        raise InputError("input.empty", what="name")
    items = tuple(e.get("items", ()))
    if any(not isinstance(n, int) or isinstance(n, bool) or n < 1 for n in items):
        raise InputError("input.bad_number", value=items)
    m.guests.append((e["name"], e.get("role", "")))
    m.guest_items.append(items)


def _op_chair(m: Meeting, e: dict[str, Any]) -> None:
    """主持人变更: `member` chairs from item `from_item` on."""
    member = _member(m, e["member"])
    from_item = e["from_item"]
    if not isinstance(from_item, int) or isinstance(from_item, bool) or from_item < 1:
        raise InputError("input.bad_number", value=from_item)
    if m.status_of(member.id) != PRESENT:
        raise InputError("chair.not_present", member=member.name)
    m.chair_changes = [c for c in m.chair_changes if c[0] != from_item] + [(from_item, member.id)]


def _op_brief(m: Meeting, e: dict[str, Any]) -> None:
    """会后转告: a member who did not attend was told of the meeting afterwards."""
    member = _member(m, e["member"])
    if (
        m.status_of(member.id) == PRESENT
        and m.attendance[member.id].from_item is None
        and m.attendance[member.id].departed_after is None
    ):
        raise InputError("brief.attended", member=member.name)
    by = e.get("by")
    if by:
        _member(m, by)
    m.briefings[member.id] = {
        "by": by or "",
        "date": str(_date(e.get("date")) or ""),
        "text": e.get("text", ""),
    }


def _op_item(m: Meeting, e: dict[str, Any]) -> None:
    rules = m.rules
    requested = e["kind"]
    if requested not in rules.item_kinds:
        raise InputError("item.unknown_kind", kind=requested, known=", ".join(rules.item_kinds))
    allowed = m.meeting_type.kinds
    if allowed and requested not in allowed:
        raise InputError(
            "item.kind_not_allowed",
            kind=requested,
            type=m.meeting_type.name,
            known=", ".join(allowed),
        )
    amount = _amount(e.get("amount"))
    kind = e.get("recorded_kind", requested)
    if kind not in rules.item_kinds:
        raise InputError("item.unknown_kind", kind=kind, known=", ".join(rules.item_kinds))
    if not e["title"].strip():
        raise InputError("input.empty", what="title")
    candidates = tuple(e.get("candidates", ()))
    if len(set(candidates)) != len(candidates):
        raise InputError("item.duplicate_candidate")
    category = str(e.get("category", "") or "")
    also = _amount_kind(rules, kind, amount, category)
    confidential = rules.item_kinds[kind].confidential or (
        also is not None and rules.item_kinds[also].confidential
    )
    reconsiders = e.get("reconsiders")
    if reconsiders is not None and not (
        isinstance(reconsiders, dict)
        and isinstance(reconsiders.get("meeting"), str)
        and isinstance(reconsiders.get("item"), int)
    ):
        raise InputError("item.bad_reconsiders", value=reconsiders)
    item = Item(
        number=max([i.number for i in m.items] + [i.number for i in m.withdrawn], default=0) + 1,
        title=e["title"],
        kind=kind,
        requested_kind=requested,
        area=e.get("area", ""),
        amount=amount,
        presenter=e.get("presenter", ""),
        candidates=candidates,
        ad_hoc=bool(e.get("ad_hoc", False)),
        materials_sent=_date(e.get("materials_sent")),
        notified=tuple(e.get("notified", ())),
        confidential=bool(e.get("confidential", confidential)),
        amount_kind=also,
        category=category,
        reconsiders=reconsiders,
    )
    _proposal(m, item, e)
    m.items.append(item)


def _amount(value: Any) -> Fraction | None:
    if value in (None, ""):
        return None
    return from_record(value)


def classify(rules: Rules, requested: str, amount: Any, category: str = "") -> str:
    """The kind an item is recorded as: an amount reaching a kind's threshold makes an item
    of the general kind that kind (the highest threshold reached wins). An explicitly chosen
    other kind is kept (and judged under both: `amount_kind`)."""
    from yishi.kinds import replaceable

    value = _amount(amount)
    if value is None or requested not in rules.item_kinds:
        return requested
    by_amount = rules.kind_for_amount(value, category)
    if by_amount is not None and replaceable(rules.item_kinds[requested], by_amount):
        return by_amount.id
    return requested


def amount_kind(rules: Rules, kind: str, amount: Any, category: str = "") -> str | None:
    """The kind an item of `kind` is judged under as well, because its amount reaches it."""
    return _amount_kind(rules, kind, _amount(amount), category)


def _amount_kind(rules: Rules, kind: str, value: Fraction | None, category: str) -> str | None:
    """`amount_kind` of an amount already read (`_amount`)."""
    from yishi.kinds import replaceable

    if value is None or kind not in rules.item_kinds:
        return None
    by_amount = rules.kind_for_amount(value, category)
    if by_amount is None or by_amount.id == kind or replaceable(rules.item_kinds[kind], by_amount):
        return None
    return by_amount.id


def _op_recuse(m: Meeting, e: dict[str, Any]) -> None:
    item = m.item(e["item"])
    member = _member(m, e["member"])
    if any(o.member == member.id for o in item.opinions) or any(
        member.id in v.yes_names + v.no_names + v.abstain_names for v in item.votes
    ):
        raise InputError("recuse.already_spoke", member=member.name, number=item.number)
    item.recusals[member.id] = e.get("reason", "")


def _op_opinion(m: Meeting, e: dict[str, Any]) -> None:
    item = m.item(e["item"])
    member = _member(m, e["member"])
    position = e.get("position")
    if position is not None:
        kind = m.kind(item)
        if position not in kind.opinions:
            raise InputError(
                "opinion.not_allowed",
                position=position,
                kind=kind.name,
                allowed=", ".join(kind.opinions),
            )
    candidate = e.get("candidate")
    if candidate is not None:  # most opinions are on the item as a whole
        candidate = _candidate(item, candidate)
    if member.id in item.recusals:
        raise InputError("opinion.recused", member=member.name, number=item.number)
    entry = m.attendance.get(member.id)
    written = entry is not None and entry.status == LEAVE
    if not written and not m.present_for(item, member.id):
        raise InputError(
            "opinion.not_present",
            member=member.name,
            number=item.number,
            status=_status_word(m, item, member.id),
        )
    if position is None and not str(e.get("text", "")).strip():
        raise InputError("opinion.empty")
    item.opinions.append(
        Opinion(member.id, position, candidate, e.get("text", ""), written, e["n"])
    )
    if not written:
        m.took_part.add(member.id)


def _status_word(m: Meeting, item: Item, member_id: str) -> str:
    """Why `member_id` is not present for `item`, as a word in the message's language."""
    from yishi.i18n import Term

    entry = m.attendance.get(member_id)
    if member_id in item.recusals:
        return Term("present_status.recused")
    if entry is None:
        return Term("present_status.unrecorded")
    if (
        entry.status == PRESENT
        and entry.departed_after is not None
        and item.number > entry.departed_after
    ):
        return Term("present_status.departed")
    if entry.status == PRESENT and entry.from_item is not None and item.number < entry.from_item:
        return Term("present_status.late", from_item=entry.from_item)
    return Term(f"present_status.{entry.status}")


def _op_vote(m: Meeting, e: dict[str, Any]) -> None:
    numbers = e["items"]
    items = [m.item(n) for n in numbers]
    method = e["method"]
    if method not in ("oral", "hands", "secret", "roll_call"):
        allowed = m.rules.methods_for(m.kind(items[0]))
        raise InputError("vote.bad_method", method=method, allowed=", ".join(allowed))
    for item in items:
        kind = m.kind(item)
        if not kind.vote:
            raise InputError("vote.kind_not_voted", number=item.number, kind=kind.name)
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
                raise InputError(
                    "vote.too_many", total=sum(counts), present=present, number=item.number
                )
        names: tuple[tuple[str, ...], ...] = ((), (), ())
    else:
        for key in ("yes", "no", "abstain"):
            count = e.get(key)
            if isinstance(count, int) and count:
                raise InputError("vote.named_counts", method=method)
        names = (
            tuple(e.get("yes_names", ())),
            tuple(e.get("no_names", ())),
            tuple(e.get("abstain_names", ())),
        )
        everyone = [*names[0], *names[1], *names[2]]
        if len(set(everyone)) != len(everyone):
            dup = next(n for n in everyone if everyone.count(n) > 1)
            raise InputError("vote.twice", member=_member(m, dup).name)
        if not everyone:
            raise InputError("vote.empty")
        # the usual vote (members all present for every item) is told by set inclusion;
        # otherwise name by name, to refuse the first name given that is wrong
        voters = set(everyone)
        known = voters <= m.member_index.keys()
        if not known or any(not voters <= m.present_ids_for(item) for item in items):
            for member_id in everyone:
                member = _member(m, member_id)
                for item in items:
                    if not m.present_for(item, member_id):
                        raise InputError(
                            "vote.not_present",
                            member=member.name,
                            number=item.number,
                            status=_status_word(m, item, member_id),
                        )
        counts = [len(g) for g in names]
    for item in items:
        covered: list[str | None] = (
            [candidate]
            if candidate is not None
            else list(item.candidates)
            if joint_candidates
            else [None]
        )
        for group in covered:
            for vote in item.votes:  # usually none yet
                if not item.is_current(vote, group):
                    continue
                if group is None:
                    raise InputError("vote.again", number=item.number)
                raise InputError("vote.again_candidate", number=item.number, candidate=group)
    for item in items:
        item.votes.append(
            Vote(
                method=method,
                candidate=candidate,
                yes=counts[0],
                no=counts[1],
                abstain=counts[2],
                yes_names=names[0],
                no_names=names[1],
                abstain_names=names[2],
                joint_items=tuple([n for n in numbers if n != item.number]),
                joint_candidates=joint_candidates,
                round=item.round_of(candidate),
                order=e["n"],
            )
        )
    for voted in names:
        m.took_part.update(voted)


def _op_decide(m: Meeting, e: dict[str, Any]) -> None:
    item = m.item(e["item"])
    status = e.get("status") or (DEFERRED if e.get("defer") else ADOPTED)
    if status not in STATUSES:
        raise InputError("decide.bad_status", status=status, allowed=", ".join(STATUSES))
    if status != DEFERRED and not str(e.get("text", "")).strip():
        raise InputError("input.empty", what="decision")
    candidate = _candidate(item, e.get("candidate"))
    item.decisions[candidate] = Decision(e.get("text", "") or "", status, e["n"])


def _op_reconsider(m: Meeting, e: dict[str, Any]) -> None:
    item = m.item(e["item"])
    kind = m.kind(item)
    candidate = _candidate(item, e.get("candidate"))
    voted = [
        v
        for v in item.votes
        if candidate is None
        or v.candidate == candidate
        or (v.candidate is None and v.joint_candidates)
    ]
    if not voted and item.reconsiders is None:
        raise InputError("reconsider.nothing", number=item.number)
    threshold = m.rules.reconsider_for(kind)
    consenting = tuple(e["members"])
    for member_id in consenting:
        _member(m, member_id)
    # granted as the record was written (0.1 counted every name given); `yishi reconsider`
    # refuses repeated and absent names, and `check` (RECONSIDER_CONSENT) recounts
    if threshold is None:
        granted, total, required = True, len(m.members), 0
    else:
        total = m.base_total(item, threshold.of, len(consenting))
        granted = threshold.met(len(consenting), total)
        required = threshold.required(total)
    item.reconsiderations.append(
        Reconsideration(consenting, granted, e["n"], candidate, total, required)
    )
    if not granted or not voted:
        return
    if candidate is not None:
        # that candidate alone is voted again; the others keep their results and decisions
        whole = item.decisions.pop(None, None)
        if whole is not None:
            for other in item.candidates:
                item.decisions.setdefault(other, whole)
        item.decisions.pop(candidate, None)
        item.candidate_rounds[candidate] = item.round_of(candidate) + 1
    else:
        item.round = max([item.round, *item.candidate_rounds.values()]) + 1
        item.candidate_rounds.clear()
        item.decisions.clear()


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


def _op_review(m: Meeting, e: dict[str, Any]) -> None:
    """A member's review of the draft 纪要 (circulated before 签发): closed meetings only."""
    if not m.meeting_type.minutes_review:
        raise InputError("review.not_required", type=m.meeting_type.name)
    if m.state != CLOSED:
        raise StateError("review.not_closed", id=m.id)
    member = _member(m, e["member"])
    if member.id in m.reviews:
        raise InputError("review.twice", member=member.name)
    m.reviews[member.id] = str(e.get("comment", ""))


def _op_issue(m: Meeting, e: dict[str, Any]) -> None:
    if m.state != CLOSED:
        raise StateError("issue.not_closed", id=m.id)
    m.state = ISSUED
    m.number = e["number"]
    m.seq = e["seq"]
    m.forced_issue = bool(e.get("forced", False))
    m.issue_date = str(e.get("date") or "")


def _op_amend(m: Meeting, e: dict[str, Any]) -> None:
    if m.state != ISSUED:
        raise StateError("amend.not_issued", id=m.id)
    m.amendments.append({k: v for k, v in e.items() if k not in ("op",)})


from yishi.record_before import OPS as _BEFORE_OPS  # noqa: E402 (needs the names above)
from yishi.record_before import proposal as _proposal  # noqa: E402

OPS = {
    **_BEFORE_OPS,
    "attend": _op_attend,
    "leave": _op_leave,
    "absent": _op_absent,
    "depart": _op_depart,
    "guest": _op_guest,
    "item": _op_item,
    "recuse": _op_recuse,
    "opinion": _op_opinion,
    "vote": _op_vote,
    "decide": _op_decide,
    "reconsider": _op_reconsider,
    "notified": _op_notified,
    "set": _op_set,
    "close": _op_close,
    "issue": _op_issue,
    "amend": _op_amend,
    "chair": _op_chair,
    "brief": _op_brief,
    "review": _op_review,
}
# The lifecycle: what may happen in each state (planned -> open -> closed -> issued).
# A planned meeting takes the 议题申报, 审定 and 会议通知 (and 会前请假, 列席 named in
# advance, header corrections) but no attendance, opinions, votes or decisions.
RECORDING = frozenset(OPS) - {"open", "approve", "withdraw", "close", "issue", "amend"}
LIFECYCLE: dict[str, frozenset[str]] = {
    PLANNED: frozenset(
        {
            "item",
            "approve",
            "withdraw",
            "prerequisite",
            "notice",
            "guest",
            "leave",
            "notified",
            "set",
            "reported",
            "open",
        }
    ),
    OPEN: RECORDING | {"close"},
    CLOSED: frozenset({"issue", "brief", "review", "reported"}),
    ISSUED: frozenset({"amend"}),
}
# kept for readers of 0.1 (what may still happen after `close` and after `issue`)
AFTER_CLOSE = LIFECYCLE[CLOSED]
AFTER_ISSUE = LIFECYCLE[ISSUED]


# the refusal of an op before its state, when it has its own message
_REFUSAL = {"issue": "issue.not_closed", "amend": "amend.not_issued"}


_NOTHING: frozenset[str] = frozenset()


def allowed(state: str, op: str) -> bool:
    return op in LIFECYCLE.get(state, _NOTHING)


def held(meeting: Meeting) -> bool:
    """The meeting has taken place (or is taking place): not merely planned."""
    return meeting.state != PLANNED


def sealed(meeting: Meeting) -> bool:
    return meeting.state == ISSUED


def apply(meeting: Meeting, event: dict[str, Any]) -> None:
    """Apply one event; raise InputError/StateError (leaving `meeting` unusable) if refused."""
    op = event.get("op")
    handler = OPS.get(op)  # type: ignore[arg-type]
    if handler is None:
        raise InputError("record.unknown_op", op=op)
    if op not in LIFECYCLE.get(meeting.state, _NOTHING):  # allowed(), for every event
        key = (
            _REFUSAL.get(op)  # type: ignore[arg-type]
            if meeting.state in (PLANNED, OPEN)
            else None
        )
        key = key or {
            PLANNED: "meeting.planned",
            CLOSED: "meeting.closed",
            ISSUED: "meeting.issued",
        }.get(meeting.state, "meeting.not_planned")
        raise StateError(key, id=meeting.id, op=op)
    handler(meeting, event)


# ---------------------------------------------------------------------------- replay


def new_meeting(header: dict[str, Any], rules: Rules) -> Meeting:
    date = _date(header["date"])
    if date is None:  # `date = ""` in a hand-edited record
        raise InputError("input.bad_date", value=header["date"])
    return Meeting(
        id=header["id"],
        body=header["body"],
        type=header["type"],
        date=date,
        rules=rules,
        time=header.get("time", ""),
        place=header.get("place", ""),
        title=header.get("title", ""),
        chair=header.get("chair", ""),
        recorder=header.get("recorder", ""),
        emergency=bool(header.get("emergency", False)),
        notice_sent=_date(header.get("notice_sent")),
        notified=tuple(header.get("notified", ())),
        state=PLANNED if header.get("planned") is True else OPEN,
        planned=header.get("planned") is True,
        contact=str(header.get("contact", "")),
    )


def active_events(log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events that count: not undo entries, not undone; an entry fixed by a later one
    (`replaces = N`, see yishi.fix) counts as that fix, in its own place and number."""
    undone = {entry["target"] for entry in log if entry.get("op") == "undo"}
    live = [entry for entry in log if entry.get("op") != "undo" and entry["n"] not in undone]
    fixes = {entry["replaces"]: entry for entry in live if "replaces" in entry}
    if not fixes:
        return live
    return [
        entry if entry["n"] not in fixes else {**fixes[entry["n"]], "n": entry["n"]}
        for entry in live
        if "replaces" not in entry
    ]


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


__all__ = [
    "Meeting",
    "Item",
    "Vote",
    "Opinion",
    "Attendance",
    "Reconsideration",
    "Decision",
    "ADOPTED",
    "REJECTED",
    "DEFERRED",
    "STATUSES",
    "amount_kind",
    "apply",
    "replay",
    "new_meeting",
    "active_events",
    "last_undoable",
    "PRESENT",
    "LEAVE",
    "ABSENT",
    "PLANNED",
    "OPEN",
    "CLOSED",
    "ISSUED",
    "FORMAT",
    "classify",
    "LIFECYCLE",
    "allowed",
    "held",
    "sealed",
]
