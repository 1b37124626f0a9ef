"""Deadlines: what is due or overdue, across meetings and bodies (`yishi due`).

"N days before" (SPEC §7): at least N whole days — or working days with
`day_count = "working"` — lie between the sending date and the meeting date, the sending day
counted, the meeting day not (`workdays.latest` gives the last date still in time). "Within
N days after" ends on the N-th (working) day after the meeting (`workdays.add`).

The list is built by small provider functions, one per kind of obligation: each takes a
`Source` (one replayed meeting, its follow-up entries, today) and yields `Due` entries.
`PROVIDERS` is the registry; another module adds its own with `@provider` (e.g. 督办 tasks).
Pure apart from the calendar files: no terminal, no typer/rich.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from yishi import record as rec
from yishi import workdays

DONE, DUE, OVERDUE = "done", "due", "overdue"


@dataclass
class Due:
    body: str
    meeting: str
    what: str  # proposal | notice | report | ... (a provider's own word)
    due: dt.date
    rule: str  # the rules key it comes from
    key: str  # message key (catalog/before.py) describing it, with params
    params: dict[str, Any] = field(default_factory=dict)
    done: dt.date | None = None
    late: bool = False  # done after the deadline and still to be dealt with: overdue

    def status(self, today: dt.date) -> str:
        if self.late:
            return OVERDUE
        if self.done is not None:
            return DONE
        return OVERDUE if today > self.due else DUE

    def label(self, lang: str) -> str:
        from yishi.i18n import t

        return t(self.key, lang, **self.params)

    def to_json(self, today: dt.date, lang: str) -> dict[str, Any]:
        return {
            "body": self.body,
            "meeting": self.meeting,
            "what": self.what,
            "due": self.due.isoformat(),
            "status": self.status(today),
            "done": self.done.isoformat() if self.done else None,
            "rule": self.rule,
            "label": self.label(lang),
            "days_left": (self.due - today).days,
        }


@dataclass
class Source:
    meeting: rec.Meeting
    followups: list[dict[str, Any]]  # the meeting's entries in the body's follow-up log
    today: dt.date
    root: Any = None  # the records directory, for providers that read it (督办 tasks)

    @property
    def mode(self) -> str:
        return self.meeting.meeting_type.day_count

    def key(self, attr: str) -> str:
        return f"meeting_types.{self.meeting.type}.{attr}"


Provider = Callable[[Source], Iterable[Due]]
PROVIDERS: list[Provider] = []


def provider(func: Provider) -> Provider:
    PROVIDERS.append(func)
    return func


def _entry(src: Source, what: str, due: dt.date, rule: str, key: str, **params: Any) -> Due:
    m = src.meeting
    return Due(m.body, m.id, what, due, rule, key, params)


@provider
def notice_due(src: Source) -> Iterator[Due]:
    """The 会议通知 of a meeting still to come (planned, or opened ahead of its day),
    `notice_days` before. Once the meeting is taking place, a notice not recorded is past
    mending, not something left to do: `check` reports it (NOTICE_UNRECORDED, NOTICE_LATE)."""
    m = src.meeting
    days = m.meeting_type.notice_days
    if days is None or m.emergency or m.state in (rec.CLOSED, rec.ISSUED):
        return
    if m.state == rec.OPEN and src.today >= m.date:
        return
    deadline = workdays.latest(m.date, days, src.mode)
    entry = _entry(src, "notice", deadline, src.key("notice_days"), "due.what.notice")
    entry.done = m.notice_sent  # a late notice is past mending: `check` reports NOTICE_LATE
    yield entry


@provider
def proposals_due(src: Source) -> Iterator[Due]:
    """议题申报 of a planned meeting, `submit_days` before: the deadline while it is open
    for proposals, and each proposal that came in late."""
    m = src.meeting
    days = m.meeting_type.submit_days
    if days is None or m.state != rec.PLANNED or m.emergency:
        return
    deadline = workdays.latest(m.date, days, src.mode)
    for item in m.items:
        if item.submitted is not None and item.submitted > deadline:
            entry = _entry(
                src,
                "proposal",
                deadline,
                src.key("submit_days"),
                "due.what.proposal",
                title=item.title,
            )
            entry.done, entry.late = item.submitted, True
            yield entry
    if src.today <= deadline:
        yield _entry(
            src,
            "proposal",
            deadline,
            src.key("submit_days"),
            "due.what.proposal",
            title=f"{m.meeting_type.name} {m.date.isoformat()}",
        )


def followups_of(entries: list[dict[str, Any]], meeting_id: str) -> list[dict[str, Any]]:
    """The entries of a body's follow-up log (yishi.tasks) about one meeting that are not
    tasks (`reported`, written after the seal)."""
    return [e for e in entries if e.get("meeting") == meeting_id and e.get("op") == "reported"]


def reports_sent(src: Source) -> dict[str, dt.date]:
    """Report name -> date sent: from the record's log and, after the seal, from the body's
    follow-up log."""
    sent = dict(src.meeting.reports)
    for entry in src.followups:
        if entry.get("op") == "reported" and isinstance(entry.get("name"), str):
            try:
                sent[entry["name"]] = dt.date.fromisoformat(str(entry.get("date")))
            except ValueError:
                continue
    return sent


@provider
def reports_due(src: Source) -> Iterator[Due]:
    """`reports`: before_days ones for every meeting, after_days ones once it was held."""
    m = src.meeting
    sent = reports_sent(src)
    for index, report in enumerate(m.meeting_type.reports):
        if report.before_days is not None:
            deadline = workdays.latest(m.date, report.before_days, src.mode)
        elif report.after_days is not None and rec.held(m):
            deadline = workdays.add(m.date, report.after_days, src.mode)
        else:
            continue
        entry = _entry(
            src,
            "report",
            deadline,
            src.key(f"reports[{index}]"),
            "due.what.report",
            name=report.name,
            to=f"（{report.to}）" if report.to else "",
        )
        entry.done = sent.get(report.name)
        yield entry


def collect(sources: Iterable[Source]) -> list[Due]:
    """Every provider over every meeting, in date order."""
    out: list[Due] = []
    for src in sources:
        for func in PROVIDERS:
            out.extend(func(src))
    return sorted(out, key=lambda d: (d.due, d.body, d.meeting, d.what))


def select(entries: list[Due], today: dt.date, within: int | None = None) -> list[Due]:
    """The open ones: overdue (or done late), and those due within `within` days (all
    that are due when None)."""
    out = []
    for entry in entries:
        status = entry.status(today)
        if status == OVERDUE:
            out.append(entry)
        elif status == DUE and (within is None or (entry.due - today).days <= within):
            out.append(entry)
    return out


@dataclass
class DueList:
    """What `yishi due` lists: the entries (due order), the overdue ones, and records that
    could not be read (messages; the others are still listed)."""

    today: dt.date
    entries: list[Due]
    overdue: list[Due]
    unreadable: list[Any] = field(default_factory=list)  # YishiError of damaged records


def due(
    store: Any, today: dt.date, *, body: str | None = None, within: int | None = None
) -> DueList:
    """Every meeting of the records directory (of `body`) with its follow-up entries, its
    obligations collected and selected (`within` days; overdue ones always)."""
    from yishi import tasks as tasks_mod
    from yishi.errors import YishiError

    sources = []
    logs: dict[str, list[dict[str, Any]]] = {}
    unreadable = []
    for header in store.headers():
        if body and header.get("body") != body:
            continue
        try:
            meeting = store.meeting(header["id"])
        except YishiError as exc:  # a damaged record: said, and the others still listed
            unreadable.append(exc)
            continue
        if meeting.body not in logs:
            logs[meeting.body] = tasks_mod.read_entries(store.root, meeting.body)
        sources.append(
            Source(meeting, followups_of(logs[meeting.body], meeting.id), today, store.root)
        )
    entries = select(collect(sources), today, within)
    overdue = [e for e in entries if e.status(today) == OVERDUE]
    return DueList(today, entries, overdue, unreadable)


def _register_tasks() -> None:
    """督办 tasks (yishi.tasks): each open task of a meeting is due on its 办理时限."""
    from yishi.tasks import due_provider

    provider(due_provider)


_register_tasks()


__all__ = [
    "DueList",
    "due",
    "Due",
    "Source",
    "PROVIDERS",
    "provider",
    "collect",
    "select",
    "reports_sent",
    "followups_of",
    "DONE",
    "DUE",
    "OVERDUE",
]
