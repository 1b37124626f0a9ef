"""What `yishi check` reports, as library calls: one meeting, or every meeting of a year
(or of a body) with the year's own findings (meeting frequency).

A sealed record that no longer verifies gets SEAL_BROKEN as its report's first finding,
so the text summary, the exit code and the JSON all count it. No typer or rich here;
commands/check.py prints what these return.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from yishi import record as rec


def seal_finding(problems: list[str]) -> Any:
    """SEAL_BROKEN for a sealed record that no longer verifies (`problems` worded), or None."""
    from yishi.check import CODES, Finding

    if not problems:
        return None
    return Finding(
        "SEAL_BROKEN",
        CODES["SEAL_BROKEN"].severity,
        None,
        "check.seal_broken",
        {"what": "; ".join(problems)},
        "seal",
        "yishi verify",
    )


def _with_seal(report: Any, problems: list[str]) -> Any:
    finding = seal_finding(problems)
    if finding is not None:
        report.findings.insert(0, finding)
    return report


def check_meeting(store: Any, meeting_id: str | None, lang: str) -> tuple[rec.Meeting, Any]:
    """The meeting `meeting_id` (default: the current one) and its report."""
    from yishi.check import evaluate
    from yishi.integrity import seal_problems

    mid = store.resolve_id(meeting_id) if meeting_id else store.current()
    doc = store.read(mid)
    meeting = store.meeting_from(doc, mid)
    return meeting, _with_seal(evaluate(meeting), seal_problems(store, doc, lang))


@dataclass
class Checked:
    """The reports of several meetings (date order) and the year's own findings."""

    reports: list[tuple[rec.Meeting, Any]] = field(default_factory=list)
    year: int | None = None
    year_findings: list[Any] = field(default_factory=list)

    @property
    def findings(self) -> list[Any]:
        return [f for _, r in self.reports for f in r.findings] + self.year_findings

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def ok(self) -> bool:
        return all(r.ok for _, r in self.reports) and not any(
            f.severity == "error" for f in self.year_findings
        )


def meetings_of(store: Any, body: str | None) -> list[rec.Meeting]:
    """Every meeting of the records directory (of `body`), in date order."""
    out = []
    for meeting_id in store.ids():
        doc = store.read(meeting_id)
        if body and doc["meeting"].get("body") != body:
            continue
        out.append(store.meeting_from(doc, meeting_id))
    out.sort(key=lambda m: (m.date, m.id))
    return out


def check_meetings(
    store: Any, *, year: int | None, body: str | None, lang: str, today: dt.date
) -> Checked:
    """Every meeting of `year` (all years when None) of `body` (all bodies when None);
    with a year, its own findings too (periods not over by `today` are not judged)."""
    from yishi.check import evaluate, evaluate_year
    from yishi.integrity import seal_problems

    every = meetings_of(store, body)
    chosen = [m for m in every if year is None or m.year == year]
    result = Checked([(m, evaluate(m)) for m in chosen], year)
    if year is not None:
        result.year_findings = evaluate_year(every, year, today if year >= today.year else None)
    for meeting, report in result.reports:
        if meeting.state == rec.ISSUED:
            _with_seal(report, seal_problems(store, store.read(meeting.id), lang))
    return result


__all__ = ["Checked", "check_meeting", "check_meetings", "meetings_of", "seal_finding"]
