"""Words of thresholds, bases, fractions, periods and day units, and the sentences of an
item's outcome (check/words.py, check/results.py ItemOutcome.explain, check/year.py)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # fractions: 半数, 全体, 三分之二
    "words.half": ("半数", "half"),
    "words.all": ("全体", "all"),
    "words.fraction": ("{den}分之{num}", "{num}/{den}"),
    # thresholds: 超过半数, 达到三分之二以上
    "words.more_than": ("超过{words}", "more than {words}"),
    "words.at_least": ("达到{words}以上", "at least {words}"),
    # the base a threshold is taken of
    "words.base.members": ("应到会{size}人", "of {size} members"),
    "words.base.eligible": ("除回避外应到会{size}人", "of {size} eligible members"),
    "words.base.present": ("到会{size}人", "of {size} present"),
    "words.base.cast": ("投票{size}票", "of {size} votes cast"),
    # periods of a meeting frequency rule
    "words.period.month": ("{year}年{index}月", "{year}-{index:02d}"),
    "words.period.quarter": ("{year}年第{index}季度", "{year} Q{index}"),
    "words.period.half_year": ("{year}年{half}半年", "{year} H{index}"),
    "words.period.year": ("{year}年", "{year}"),
    # one line per outcome (ItemOutcome.explain)
    "outcome.tally": (
        "赞成{yes}票、反对{no}票、弃权{abstain}票",
        "{yes} yes, {no} no, {abstain} abstain",
    ),
    "outcome.deferred": ("暂缓作出决定", "deferred"),
    "outcome.deferred_after_vote": ("{tally}；暂缓作出决定", "{tally}; deferred"),
    "outcome.not_votable": ("不表决", "not voted (this kind of item is not voted on)"),
    "outcome.not_voted": ("尚未表决", "not voted yet"),
    "outcome.meeting_inquorate": (
        "{tally}，但会议到会人数未达到会议法定人数，会议不得作出决定：表决无效",
        "{tally}, but the meeting lacks its quorum and decides nothing: invalid",
    ),
    "outcome.item_inquorate": (
        "{tally}，但本项到会{present}人，应到会{total}人，须{need}（至少{required}人）：表决无效",
        "{tally}, but only {present} present for the item, short of {need} of {total} "
        "(at least {required}): invalid",
    ),
    "outcome.decided": (
        "{tally}，{base}，须{need}（至少{required}票）：{verdict}",
        "{tally}; {need} {base} needed (at least {required}): {verdict}",
    ),
    "outcome.verdict.passed": ("通过", "passed"),
    "outcome.verdict.rejected": ("未通过", "rejected"),
    # a number of days, as the rules count them (day_count)
    "words.unit.working": ("个工作日", " working day(s)"),
    "words.unit.calendar": ("天", " day(s)"),
    # a finding about one candidate of a personnel item
    "check.for_candidate": ("（人选：{candidate}）", " (candidate {candidate})"),
}
