"""`yishi check`: a meeting judged against the rules it was held under.

Pure core: a replayed `record.Meeting` (which carries its rules snapshot) goes in; findings
(violations, each citing a rule key and the body's source) and item outcomes (passed,
rejected, deferred, no_vote, invalid, with the arithmetic behind them) come out. No I/O, no
terminal, no typer/rich.

The package, by topic: `registry` (every finding code, registered with its function:
`CODES`, docs/checks.md, `yishi explain`), `attendance` (quorum, attendance, taking part),
`chair`, `speaking` (speaking order), `voting`, `agenda` (agenda, notice, 议题申报),
`major` (三重一大), `year` (frequency over a year); `outcome` (an item's outcome),
`engine` (`evaluate`), `results` (Finding, ItemOutcome, Report), `words`. The meeting
views the rules read (who is present, the roll, the chair, thresholds' bases) are in
`yishi.views`.

Conventions, so that the arithmetic can be audited:
- a threshold is exact (`rules.Threshold.met/required`, integer cross-multiplication);
- only the current round's votes count (a granted 复议 starts a new round);
- written opinions of members not present are never votes unless the rules say
  `voting.absent_opinions_count = true` (then a written agree/disagree/defer is added to the
  tally as yes/no/abstain, and the finding WRITTEN_COUNTED says so);
- a fact that was simply not recorded is a warning, never an error.

A new finding code: one function in its topic module under `@register(CODE, SEVERITY,
rule=..., seeds=..., per=..., scope=..., stage=...)`, its `check.<CODE>` message and
`check.doc.<CODE>` explanation in the catalog, and a test case (tests/test_check_engine.py).
"""

from __future__ import annotations

# the topic modules register their rules on import, in this order
from yishi.check import agenda, attendance, chair, major, speaking, voting, year  # noqa: F401
from yishi.check.context import groups, vote_for
from yishi.check.engine import evaluate
from yishi.check.outcome import outcome
from yishi.check.registry import (
    BEFORE,
    ERROR,
    FINAL,
    HELD,
    LIVE,
    SEAL,
    WARNING,
    YEAR,
    CodeDoc,
    codes,
    declare,
)
from yishi.check.results import OUTCOMES, Finding, ItemOutcome, Report
from yishi.check.words import base_words, fraction_words, threshold_words
from yishi.check.year import evaluate_year, period_label, periods
from yishi.views import (
    chair_of,
    has_written_opinion,
    in_charge_of,
    item_quorum,
    leader_of,
    pass_base,
    quorum_total,
)

# reported beside the engine: `yishi check` adds it from `yishi verify` (tests/test_integrity.py)
declare(
    "SEAL_BROKEN",
    ERROR,
    rule="seal",
    seeds="SPEC §6 (a sealed record cannot change without verify reporting it)",
    stage=SEAL,
    topic="seal",
)

CODES: dict[str, CodeDoc] = codes()
YEAR_CODES = tuple(c for c, d in CODES.items() if d.stage == YEAR)
SEAL_CODES = tuple(c for c, d in CODES.items() if d.stage == SEAL)
# the codes `yishi status` lists as still to record while the meeting runs
LIVE_CODES = tuple(c for c, d in CODES.items() if d.scope == LIVE)

__all__ = [
    "Finding",
    "ItemOutcome",
    "Report",
    "CodeDoc",
    "CODES",
    "YEAR_CODES",
    "SEAL_CODES",
    "LIVE_CODES",
    "evaluate",
    "evaluate_year",
    "outcome",
    "chair_of",
    "leader_of",
    "item_quorum",
    "quorum_total",
    "pass_base",
    "groups",
    "vote_for",
    "in_charge_of",
    "has_written_opinion",
    "threshold_words",
    "base_words",
    "fraction_words",
    "periods",
    "period_label",
    "OUTCOMES",
    "ERROR",
    "WARNING",
    "BEFORE",
    "HELD",
    "FINAL",
    "LIVE",
]
