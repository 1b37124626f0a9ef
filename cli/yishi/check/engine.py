"""`evaluate`: every registered rule over one meeting, findings in their reporting order."""

from __future__ import annotations

from yishi import record as rec
from yishi.check.context import Context, groups
from yishi.check.registry import BEFORE, HELD, ITEM, MEETING, rules_for, sort_rank
from yishi.check.results import Finding, Report


def _sort(findings: list[Finding]) -> list[Finding]:
    """The meeting's findings first, then item by item; within each, in the registry's
    order of codes, then by candidate (stable: a rule's own order is kept)."""
    rank = sort_rank()
    return sorted(
        findings,
        key=lambda f: (
            f.item is not None,
            f.item or 0,
            rank[f.code],
            str(f.params.get("candidate") or ""),
        ),
    )


def evaluate(meeting: rec.Meeting) -> Report:
    """Every finding and every item outcome of one meeting, under its own rules. A planned
    meeting (not held yet) is judged only on what is due before it (stage BEFORE).

    Issuing a meeting changes nothing a check reads (its state beyond PLANNED, number, seq,
    印发 date): batch renders a meeting it has just issued with the report its gate
    computed before issuing (tests/test_issue_invariant.py holds every rule to this)."""
    ctx = Context(meeting)
    stages = (BEFORE,) if meeting.state == rec.PLANNED else (BEFORE, HELD)
    for rule in rules_for(MEETING, stages):
        rule.fn(ctx)
    per_item = rules_for(ITEM, stages)
    for item in meeting.items:
        kind = meeting.kind(item)
        for rule in per_item:
            rule.fn(ctx, item, kind)
    outcomes = [ctx.outcome(item, group) for item in meeting.items for group in groups(item)]
    return Report(meeting.id, _sort(ctx.findings), outcomes)


__all__ = ["evaluate"]
