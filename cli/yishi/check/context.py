"""What a finding rule is given: the meeting, its rules, and `add` to report a finding."""

from __future__ import annotations

import datetime as dt
from typing import Any

from yishi import record as rec
from yishi.check.registry import doc_of
from yishi.check.results import Finding, ItemOutcome
from yishi.rules import ItemKind, Member, Rules
from yishi.views import Presence, chair_of, leader_of


class Context:
    """One evaluation of one meeting. A rule reads `m` (the replayed meeting), `rules`,
    `mtype` and reports with `add(CODE, item, rule_key, [message key], **params)`.

    What many rules ask of the same item (who is present, the current round's votes, the
    opinions given in the room, the outcome) is worked out once per evaluation here: the
    meeting does not change while it is judged, and a Context lives for one `evaluate`."""

    def __init__(self, meeting: rec.Meeting) -> None:
        self.m = meeting
        self.rules = meeting.rules
        self.mtype = meeting.meeting_type
        self.source = self.rules.body.source or self.rules.body.name
        self.findings: list[Finding] = []
        self._outcomes: dict[tuple[int, str | None], ItemOutcome] = {}
        self.presence = Presence(meeting)
        self._current: dict[int, list[rec.Vote]] = {}
        self._spoken: dict[tuple[int, str | None], list[rec.Opinion]] = {}
        self._chairs: dict[int, Member | None] = {}
        self._leader: list[Member | None] = []  # [] until asked
        self._deadlines: dict[int | None, dt.date | None] = {}

    def add(
        self, code: str, item: int | None, rule: str, key: str | None = None, **params: Any
    ) -> None:
        doc = doc_of(code)
        self.findings.append(
            Finding(code, doc.severity, item, key or f"check.{code}", params, rule, self.source)
        )

    @property
    def type_key(self) -> str:
        return f"meeting_types.{self.m.type}"

    def names(self, ids: list[str] | tuple[str, ...]) -> str:
        return names(self.rules, ids)

    def outcome(self, item: rec.Item, group: str | None) -> ItemOutcome:
        from yishi.check.outcome import outcome

        key = (item.number, group)
        if key not in self._outcomes:
            self._outcomes[key] = outcome(self.m, item, group, self.presence)
        return self._outcomes[key]

    def present(self, item: rec.Item) -> list[Member]:
        """`m.present_members_for(item)`, once per item (do not change the list)."""
        return self.presence.members_for(item)

    def present_ids(self, item: rec.Item) -> frozenset[str]:
        """The ids `m.present_for(item, id)` is true of."""
        return self.presence.ids_for(item)

    def quorate(self) -> bool:
        return self.presence.quorate()

    def at_opening(self) -> list[Member]:
        return self.presence.at_opening()

    def chair(self, item: rec.Item) -> Member | None:
        """`views.chair_of(m, item)`, once per item."""
        if item.number not in self._chairs:
            self._chairs[item.number] = chair_of(self.m, item)
        return self._chairs[item.number]

    def leader(self) -> Member | None:
        """`views.leader_of(m)`, once."""
        if not self._leader:
            self._leader.append(leader_of(self.m))
        return self._leader[0]

    def current_votes(self, item: rec.Item) -> list[rec.Vote]:
        """`item.current_votes()`, once per item (do not change the list)."""
        votes = self._current.get(item.number)
        if votes is None:
            votes = self._current[item.number] = item.current_votes()
        return votes

    def spoken(self, item: rec.Item, group: str | None) -> list[rec.Opinion]:
        """The opinions given in the room on `group`, in speaking order (`spoken`)."""
        key = (item.number, group)
        said = self._spoken.get(key)
        if said is None:
            said = self._spoken[key] = spoken(item, group)
        return said

    def deadline(self, days: int | None = None) -> dt.date | None:
        """period_deadline, or None when the working-day calendar lacks the year (the
        rule CALENDAR_UNKNOWN reports that, once)."""
        from yishi.workdays import CalendarMissing

        if days not in self._deadlines:  # every item asks for the same few
            try:
                self._deadlines[days] = period_deadline(self.m, days)
            except CalendarMissing:
                self._deadlines[days] = None
        return self._deadlines[days]

    def unit(self) -> dict[str, str]:
        """The `unit` of a finding about days (个工作日 / 天 as the rules count), in both
        languages: kept in the finding's params as words."""
        from yishi.workdays import day_unit

        unit = day_unit(self.mtype.day_count)
        return {"unit_zh": unit.message("zh"), "unit_en": unit.message("en")}


def names(rules: Rules, ids: list[str] | tuple[str, ...]) -> str:
    out = []
    for member_id in ids:
        try:
            out.append(rules.member(member_id).name)
        except KeyError:
            out.append(member_id)
    return "、".join(out)


def period_deadline(meeting: rec.Meeting, days: int | None = None) -> dt.date | None:
    """The last day on which the notice (or, with `days`, anything due `days` before) is in
    time: at least N days, or working days with `day_count = "working"`, lie between the
    sending day (counted) and the meeting day (not counted). Raises CalendarMissing."""
    from yishi.workdays import latest

    days = meeting.meeting_type.notice_days if days is None else days
    if days is None:
        return None
    try:
        return latest(meeting.date, days, meeting.meeting_type.day_count)
    except OverflowError:  # before 0001-01-01: no notice can have been that early
        return dt.date.min


def groups(item: rec.Item) -> list[str | None]:
    """The units decided separately: each candidate, or the item as a whole."""
    return list(item.candidates) if item.candidates else [None]


def in_group(candidate: str | None, group: str | None) -> bool:
    return group is None or candidate is None or candidate == group


def spoken(item: rec.Item, group: str | None) -> list[rec.Opinion]:
    """The opinions given in the room on `group`, in speaking order."""
    return sorted(
        (o for o in item.opinions if not o.written and in_group(o.candidate, group)),
        key=lambda o: o.order,
    )


def vote_for(item: rec.Item, group: str | None) -> rec.Vote | None:
    """The current round's vote that decides `group` (a joint vote counts for each)."""
    for vote in item.votes:
        if item.is_current(vote, group):
            return vote
    return None


def rule_key(kind: ItemKind, attr: str, kind_value: Any, voting_attr: str | None = None) -> str:
    """`item_kinds.<kind>.<attr>` where the kind sets it, else `voting.<attr>`."""
    if kind_value is not None and kind_value != ():
        return f"item_kinds.{kind.id}.{attr}"
    return f"voting.{voting_attr or attr}"


__all__ = [
    "Context",
    "names",
    "period_deadline",
    "groups",
    "in_group",
    "spoken",
    "vote_for",
    "rule_key",
]
