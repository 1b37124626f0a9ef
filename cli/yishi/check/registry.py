"""The finding registry: every finding code, once, with what it means and who reports it.

A finding rule is one small function decorated with `@register(CODE, SEVERITY, rule=...,
seeds=..., per=MEETING | ITEM | YEAR, scope=LIVE | FINAL, stage=BEFORE | HELD | YEAR)`;
a function that reports a tight group of codes carries one `@register` per code. A code
reported beside the engine (SEAL_BROKEN, by `yishi verify`) is `declare()`d. `CODES`,
docs/checks.md (`make docs`) and `yishi explain CODE` are read from here; the explanation
itself is `check.doc.<CODE>` in the catalog.

- `per`: what the function is called with: the meeting (`fn(ctx)`), each item
  (`fn(ctx, item, kind)`) or each body's year (`fn(ctx)`, from `evaluate_year`).
- `stage`: BEFORE codes are judged on a planned meeting too (what is due before it);
  HELD codes once the meeting is open; YEAR codes over a year of meetings; SEAL beside it.
- `scope`: LIVE codes are facts still to record while the meeting runs (`yishi status`
  lists them as missing); FINAL codes are judgements of what was recorded.

Findings of one item (or of the meeting) are reported in `ORDER`: the order 0.1 reported
them in, so that reports stay comparable; a code not in it comes after, in registration
order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ERROR, WARNING = "error", "warning"
MEETING, ITEM, YEAR = "meeting", "item", "year"  # per: what a rule is called for
BEFORE, HELD, SEAL = "before", "held", "seal"  # stage (and YEAR)
LIVE, FINAL = "live", "final"  # scope


@dataclass(frozen=True)
class CodeDoc:
    """What a finding code means: its severity, the rule key it enforces and the seed
    articles it comes from (the full explanation is `check.doc.<CODE>` in the catalog),
    the topic module that reports it, its stage and scope."""

    code: str
    severity: str
    rule: str
    seeds: str
    topic: str = ""
    stage: str = HELD
    scope: str = FINAL


@dataclass
class Rule:
    """A registered finding function and the codes it reports."""

    fn: Callable[..., None]
    per: str
    stage: str
    codes: list[str] = field(default_factory=list)


# The order findings of one item (or of the meeting) are reported in (see the docstring).
ORDER: tuple[str, ...] = (
    "QUORUM",
    "ITEM_QUORUM",
    "CHAIR_ABSENT",
    "CHAIR_DEPARTED",
    "CHAIR_NOT_AUTHORISED",
    "CHAIR_DELEGATED",
    "CHAIR_NOT_LAST",
    "OPINION_ORDER",
    "OPINION_MISSING",
    "CANDIDATES_JOINT",
    "CANDIDATE_NOT_VOTED",
    "CANDIDATES_UNRECORDED",
    "ITEMS_JOINT",
    "NOT_VOTED",
    "NO_DECISION",
    "AD_HOC",
    "AD_HOC_EMERGENCY",
    "NOTICE_LATE",
    "NOTICE_UNRECORDED",
    "MATERIALS_LATE",
    "PROPOSAL_LATE",
    "PREREQ_MISSING",
    "PREREQ_UNRECORDED",
    "CALENDAR_UNKNOWN",
    "MATERIALS_UNRECORDED",
    "MATERIALS_EARLY",
    "IN_CHARGE_ABSENT",
    "AREA_UNRECORDED",
    "AREA_NO_MEMBER",
    "RECUSED_PARTICIPATED",
    "NOT_PRESENT_PARTICIPATED",
    "LEAVE_NO_REASON",
    "ABSENT_WITHOUT_LEAVE",
    "ATTENDANCE_UNRECORDED",
    "RECORD_INCOMPLETE",
    "STATEMENT_MISSING",
    "SPLIT_VOTE",
    "VOTE_INCOMPLETE",
    "METHOD_NOT_ALLOWED",
    "FIRST_ITEM",
    "NOTIFY_MISSING",
    "AMOUNT_KIND",
    "WRITTEN_COUNTED",
    "FREQUENCY",
    "KIND_FREQUENCY",
    "NO_ITEMS",
    "LEADER_FIRST",
    "CANDIDATE_NOT_RECUSED",
    "DECISION_CONTRADICTS",
    "RECONSIDER_CONSENT",
    "RECONSIDER_NOT_GRANTED",
    "BRIEFING_MISSING",
    "SEAL_BROKEN",
)

_DOCS: dict[str, CodeDoc] = {}
RULES: list[Rule] = []  # in registration order


def _topic(module: str) -> str:
    return module.rsplit(".", 1)[-1]


def _add(doc: CodeDoc) -> None:
    if doc.code in _DOCS:
        raise ValueError(f"finding code {doc.code} registered twice")
    if doc.severity not in (ERROR, WARNING):
        raise ValueError(f"{doc.code}: severity {doc.severity!r}")
    _DOCS[doc.code] = doc


def register(
    code: str,
    severity: str,
    *,
    rule: str,
    seeds: str,
    per: str = MEETING,
    stage: str = HELD,
    scope: str = FINAL,
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register `fn` as the function that reports `code` (stack one per code of a group)."""

    def decorate(fn: Callable[..., None]) -> Callable[..., None]:
        _add(CodeDoc(code, severity, rule, seeds, _topic(fn.__module__), stage, scope))
        entry = next((r for r in RULES if r.fn is fn), None)
        if entry is None:
            entry = Rule(fn, per, stage)
            RULES.append(entry)
        elif (entry.per, entry.stage) != (per, stage):
            raise ValueError(f"{code}: one function, one `per` and one `stage`")
        entry.codes.insert(0, code)  # decorators apply bottom-up
        return fn

    return decorate


def declare(code: str, severity: str, *, rule: str, seeds: str, stage: str, topic: str) -> None:
    """A code reported beside the engine (no function here reports it)."""
    _add(CodeDoc(code, severity, rule, seeds, topic, stage, FINAL))


def codes() -> dict[str, CodeDoc]:
    """Every code, in ORDER, then the codes ORDER does not name in registration order."""
    known = [c for c in ORDER if c in _DOCS]
    later = [c for r in RULES for c in r.codes] + list(_DOCS)
    later = [c for c in dict.fromkeys(later) if c not in ORDER]
    return {c: _DOCS[c] for c in known + later}


def doc_of(code: str) -> CodeDoc:
    return _DOCS[code]


def rules_for(per: str, stages: tuple[str, ...]) -> list[Rule]:
    return [r for r in RULES if r.per == per and r.stage in stages]


_RANK: dict[str, int] = {}


def sort_rank() -> dict[str, int]:
    """code -> its place in the reporting order (computed once all rules are registered)."""
    if len(_RANK) != len(_DOCS):
        _RANK.clear()
        _RANK.update({code: index for index, code in enumerate(codes())})
    return _RANK


__all__ = [
    "CodeDoc",
    "Rule",
    "ORDER",
    "RULES",
    "register",
    "declare",
    "codes",
    "doc_of",
    "rules_for",
    "sort_rank",
    "ERROR",
    "WARNING",
    "MEETING",
    "ITEM",
    "YEAR",
    "BEFORE",
    "HELD",
    "SEAL",
    "LIVE",
    "FINAL",
]
