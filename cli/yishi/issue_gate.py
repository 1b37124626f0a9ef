"""签发 (issue): what stands in its way, and the issue itself, as a library call.

`gate(meeting)` says what `yishi issue` refuses a closed meeting for: errors in the check,
and (where the type asks for `minutes_review`) members who have not reviewed the draft
纪要. `--force` issues anyway and the record keeps what was overridden. A meeting that is
not closed, or already issued, is refused by `numbering.issue` (StateError, exit 2);
a 印发 date before the meeting by `numbering.issue_day` (InputError), before anything is
written. `issue(...)` does all of it under the body's ledger lock and returns what the
command reports. No typer or rich here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from yishi import record as rec
from yishi.errors import EXIT_CHECK_FAILED, Failed
from yishi.i18n import t

REVIEW_INCOMPLETE = "REVIEW_INCOMPLETE"  # the code kept in a forced issue's event


@dataclass
class Gate:
    """What stands between a meeting and its issue."""

    meeting: rec.Meeting
    report: Any  # yishi.check.Report
    unreviewed: list[Any] = field(default_factory=list)  # members (minutes_review)

    @property
    def errors(self) -> list[Any]:
        return list(self.report.errors)

    @property
    def check_codes(self) -> list[str]:
        """The distinct codes of the check errors, sorted."""
        return sorted({f.code for f in self.errors})

    @property
    def codes(self) -> list[str]:
        """Everything overridden by a forced issue: check error codes, REVIEW_INCOMPLETE."""
        return self.check_codes + ([REVIEW_INCOMPLETE] if self.unreviewed else [])

    @property
    def blocked(self) -> bool:
        return bool(self.errors or self.unreviewed)

    def refuses(self, force: bool) -> bool:
        """`issue` stops here (exit 1): a closed meeting with a block, and no --force. A
        meeting in another state goes on to be refused by its state."""
        return self.blocked and not force and self.meeting.state == rec.CLOSED

    def refusal(self, lang: str) -> list[str]:
        """Why it is refused: the review, the errors, each error with its item."""
        mid = self.meeting.id
        lines = []
        if self.unreviewed:
            lines.append(t("issue.review_missing", lang, id=mid, names=self.names()))
        if self.errors:
            lines.append(t("issue.refused", lang, id=mid, count=len(self.errors)))
        for finding in self.errors:
            item = f"#{finding.item} " if finding.item else ""
            lines.append(f"  {finding.code} {item}{finding.message(lang)}")
        return lines

    def overridden(self, lang: str) -> list[str]:
        """What a forced issue says it overrode (warnings)."""
        lines = []
        if self.errors:
            codes = ", ".join(self.check_codes)
            lines.append(t("issue.forced", lang, count=len(self.errors), codes=codes))
        if self.unreviewed:
            lines.append(t("issue.review_forced", lang, names=self.names()))
        return lines

    def names(self) -> str:
        return "、".join(m.name for m in self.unreviewed)


class IssueRefused(Failed):
    """`yishi issue` refused a closed meeting (exit 1): the gate says why, line by line."""

    def __init__(self, gate: Gate) -> None:
        super().__init__(
            EXIT_CHECK_FAILED, "issue.refused", id=gate.meeting.id, count=len(gate.errors)
        )
        self.gate = gate

    def message(self, lang: str) -> str:
        return "\n".join(self.gate.refusal(lang))


def gate(meeting: rec.Meeting, report: Any = None) -> Gate:
    """The gate of `meeting` (`report`: its check, when the caller has it already)."""
    if report is None:
        from yishi.check import evaluate

        report = evaluate(meeting)
    return Gate(meeting, report, list(meeting.reviews_missing()))


@dataclass
class Issued:
    """What `issue` did: the issued meeting, its seal and what to warn about."""

    meeting: rec.Meeting
    seal: dict[str, Any]
    gate: Gate
    late: list[tuple[str, str]] = field(default_factory=list)  # numbered out of date order


def issue_with(
    store: Any,
    tx: Any,
    the_gate: Gate,
    cmd: str,
    date: str | None = None,
    prepared: Any = None,
) -> tuple[rec.Meeting, dict[str, Any]]:
    """Number and seal one meeting inside a ledger transaction `tx`; a blocked gate makes
    it a logged forced issue. `date`: the 印发 date (YYYY-MM-DD or "held"; default today).
    `prepared`: see yishi.seal.sealed_change."""
    from yishi import numbering

    meeting = the_gate.meeting
    return numbering.issue(store, meeting.id, tx, cmd, **terms(the_gate, date), prepared=prepared)


def terms(the_gate: Gate, date: str | None = None) -> dict[str, Any]:
    """How the gate shapes the issue event (yishi.numbering.issue_event): forced, the
    findings overridden, the 印发 date."""
    from yishi import numbering

    codes = the_gate.codes
    return {
        "forced": bool(codes),
        "findings": codes,
        "extra": {"date": numbering.issue_day(the_gate.meeting, date)},
    }


def issue(
    store: Any,
    meeting_id: str,
    cmd: str,
    *,
    force: bool = False,
    date: str | None = None,
    recovered: Callable[[list[dict[str, Any]]], None] | None = None,
) -> Issued:
    """签发 `meeting_id`: refused (IssueRefused, exit 1) while the gate is blocked and not
    `force`; a bad state or date is refused before anything is written. `recovered` hears
    at once of a crashed transaction that opening the ledger completed."""
    from yishi import ledger, numbering

    meeting = store.meeting(meeting_id)
    if meeting.state == rec.CLOSED:
        numbering.issue_day(meeting, date)  # a date before the meeting: refused first
    the_gate = gate(meeting)
    if the_gate.refuses(force):
        raise IssueRefused(the_gate)
    with ledger.transaction(store, meeting.body) as tx:
        if tx.recovered and recovered is not None:
            recovered(tx.recovered)
        late = numbering.out_of_order(tx, meeting) if meeting.state == rec.CLOSED else []
        issued, seal = issue_with(store, tx, the_gate, cmd, date)
    return Issued(issued, seal, the_gate, late)


__all__ = [
    "Gate",
    "IssueRefused",
    "Issued",
    "REVIEW_INCOMPLETE",
    "gate",
    "issue",
    "issue_with",
    "terms",
]
