"""Meeting views: who is present for an item, the roll, the chair of an item, the bases
thresholds count against. One definition each, read by check, status, render and the
commands (record.Meeting keeps the primitives they are built on: `present_for`,
`present_members_for`, `eligible_members_for`, `base_total`, `present_at_opening`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from yishi import record as rec
from yishi.rules import Member, Threshold


@dataclass
class Roll:
    """The meeting's attendance, member by member in the rules' order: present (late
    arrivals and departures included), on leave, absent, not recorded; who left after
    which item, who arrived from which item, who gave a written statement or opinion."""

    present: list[Member] = field(default_factory=list)
    leave: list[Member] = field(default_factory=list)
    absent: list[Member] = field(default_factory=list)
    unrecorded: list[Member] = field(default_factory=list)
    departed: dict[str, int] = field(default_factory=dict)  # member id -> after item N
    late: dict[str, int] = field(default_factory=dict)  # member id -> from item N (> 1)
    written: set[str] = field(default_factory=set)  # not present, a written statement given


class Presence:
    """Who is present for what, worked out once per item for one reading of a meeting (one
    `check.evaluate`): the same answers as `Meeting.present_for`, `present_members_for`,
    `present_at_opening` and `quorate`, without asking them again for every finding rule.
    The meeting must not change while a Presence of it is in use; a new reading, a new
    Presence (never kept across calls or meetings)."""

    def __init__(self, meeting: rec.Meeting) -> None:
        self.meeting = meeting
        self._ids: dict[int, frozenset[str]] = {}
        self._members: dict[int, list[Member]] = {}
        self._opening: list[Member] | None = None
        self._quorate: bool | None = None

    def ids_for(self, item: rec.Item) -> frozenset[str]:
        """The ids `meeting.present_for(item, id)` is true of (any id, member or not)."""
        ids = self._ids.get(item.number)
        if ids is None:
            ids = self._ids[item.number] = self.meeting.present_ids_for(item)
        return ids

    def members_for(self, item: rec.Item) -> list[Member]:
        """`meeting.present_members_for(item)` (the same list each time: do not change it)."""
        members = self._members.get(item.number)
        if members is None:
            ids = self.ids_for(item)
            members = self._members[item.number] = [m for m in self.meeting.members if m.id in ids]
        return members

    def at_opening(self) -> list[Member]:
        """`meeting.present_at_opening()` (the same list each time: do not change it)."""
        if self._opening is None:
            self._opening = self.meeting.present_at_opening()
        return self._opening

    def quorate(self) -> bool:
        """`meeting.quorate()`."""
        if self._quorate is None:
            quorum = self.meeting.meeting_type.quorum
            total = len(self.meeting.members)
            self._quorate = quorum is None or quorum.met(len(self.at_opening()), total)
        return self._quorate


def wrote(meeting: rec.Meeting, member_id: str) -> bool:
    """A member gave a written statement: with the leave (`--opinion`) or as a written
    opinion on any item (因故缺席的党组成员，应提交书面发言)."""
    entry = meeting.attendance.get(member_id)
    if entry is not None and entry.written_opinion.strip():
        return True
    return any(o.member == member_id and o.written for i in meeting.items for o in i.opinions)


def roll(meeting: rec.Meeting) -> Roll:
    out = Roll()
    for member in meeting.members:
        entry = meeting.attendance.get(member.id)
        if entry is None:
            out.unrecorded.append(member)
            continue
        if entry.status == rec.PRESENT:
            out.present.append(member)
            if entry.departed_after is not None:
                out.departed[member.id] = entry.departed_after
            if entry.from_item is not None and entry.from_item > 1:
                out.late[member.id] = entry.from_item
            continue
        (out.leave if entry.status == rec.LEAVE else out.absent).append(member)
        if wrote(meeting, member.id):
            out.written.add(member.id)
    return out


def chair_of(meeting: rec.Meeting, item: rec.Item | None = None) -> Member | None:
    """Who chaired (item N: after any change of chair, `yishi chair M --from-item N`): the
    recorded chair, else the first holder of the type's chair role."""
    rules = meeting.rules
    chair_id = meeting.chair_for(item.number) if item is not None else meeting.chair
    if chair_id:
        try:
            return rules.member(chair_id)
        except KeyError:
            return None
    holders = rules.holders(meeting.meeting_type.chair)
    return holders[0] if holders else None


def leader_of(meeting: rec.Meeting) -> Member | None:
    """一把手: the holder of the meeting type's `chair` (党组书记, 主任…)."""
    holders = meeting.rules.holders(meeting.meeting_type.chair)
    return holders[0] if holders else None


def kind_rule(meeting: rec.Meeting, item: rec.Item, attr: str, key: str) -> str:
    """The rule key of a threshold of an item judged under two kinds (its own, by amount)."""
    from yishi.kinds import source_kind

    rules = meeting.rules
    other = rules.item_kinds.get(item.amount_kind or "")
    kind_id = source_kind(rules.item_kinds[item.kind], other, attr, len(meeting.members))
    return f"item_kinds.{kind_id}.{key}"


def item_quorum(meeting: rec.Meeting, item: rec.Item) -> tuple[Threshold | None, str]:
    """The item's quorum (its kind's, else its meeting type's; None: no quorum rule) and
    the rule key."""
    kind = meeting.kind(item)
    if kind.quorum is not None:
        return kind.quorum, kind_rule(meeting, item, "quorum", "quorum")
    return meeting.meeting_type.quorum, f"meeting_types.{meeting.type}.quorum"


def item_quorum_rule(meeting: rec.Meeting, item: rec.Item) -> Threshold | None:
    """`item_quorum` without its rule key (what an outcome counts with)."""
    kind = meeting.kind(item)
    return kind.quorum if kind.quorum is not None else meeting.meeting_type.quorum


def quorum_total(meeting: rec.Meeting, item: rec.Item | None, threshold: Threshold | None) -> int:
    """The base of a quorum: the members expected (应到会), or for `of = "eligible"` those
    not recused from the item."""
    if item is not None and threshold is not None and threshold.of == "eligible":
        return len(meeting.eligible_members_for(item))
    return len(meeting.members)


def pass_base(meeting: rec.Meeting, item: rec.Item, base: str, cast: int) -> int:
    """The base of a pass (or 复议) threshold: `members`, `eligible`, `present`, `cast`."""
    return meeting.base_total(item, base, cast)


def in_charge_of(meeting: rec.Meeting, item: rec.Item) -> list[Member]:
    """The members in charge of the item's area (分管领导)."""
    if not item.area:
        return []
    return [m for m in meeting.members if item.area in m.in_charge]


def has_written_opinion(meeting: rec.Meeting, item: rec.Item, member_id: str) -> bool:
    """A member not present gave a written opinion on the item (with the leave, or as a
    written opinion of the item)."""
    entry = meeting.attendance.get(member_id)
    if entry is not None and entry.status == rec.LEAVE and entry.written_opinion.strip():
        return True
    return any(o.member == member_id and o.written for o in item.opinions)


__all__ = [
    "Presence",
    "Roll",
    "roll",
    "wrote",
    "chair_of",
    "leader_of",
    "kind_rule",
    "item_quorum",
    "item_quorum_rule",
    "quorum_total",
    "pass_base",
    "in_charge_of",
    "has_written_opinion",
]
