"""`yishi check`: a meeting judged against the rules it was held under.

Pure core: a replayed `record.Meeting` (which carries its rules snapshot) goes in; findings
(violations, each citing a rule key and the body's source) and item outcomes (passed,
rejected, deferred, no_vote, invalid, with the arithmetic behind them) come out. No I/O, no
terminal, no typer/rich. Every finding code is documented in `CODES` (and docs/checks.md,
`yishi explain CODE`).

Conventions, so that the arithmetic can be audited:
- a threshold is exact (`rules.Threshold.met/required`, integer cross-multiplication);
- only the current round's votes count (a granted 复议 starts a new round);
- written opinions of members not present are never votes unless the rules say
  `voting.absent_opinions_count = true` (then a written agree/disagree/defer is added to the
  tally as yes/no/abstain, and the finding WRITTEN_COUNTED says so);
- a fact that was simply not recorded is a warning, never an error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from yishi import record as rec
from yishi.rules import ItemKind, Member, Rules, Threshold
from yishi.zh import amount_text, cn_number

ERROR, WARNING = "error", "warning"
OUTCOMES = ("passed", "rejected", "deferred", "no_vote", "invalid")


@dataclass(frozen=True)
class CodeDoc:
    """What a finding code means: its severity, the rule key it enforces and the seed
    articles it comes from (the full explanation is `check.doc.<CODE>` in the catalog)."""

    code: str
    severity: str
    rule: str
    seeds: str


def _doc(code: str, severity: str, rule: str, seeds: str) -> tuple[str, CodeDoc]:
    return code, CodeDoc(code, severity, rule, seeds)


# Seed documents (in ../shared/seeds):
#   000  区政府党组会议议事规则; 局党组工作规则 (黑龙江省机关事务管理局党组); 局委员会议事规则
#   001  中共辽宁省机关事务管理局党组工作细则(试行)
#   002  白城市人民政府办公室: 党组会议事规则; 主任办公会议事规则; "末位表态"实施办法;
#        "三重一大"议事决策制度; 科级干部选拔任用工作制度
#   003  中共西宁市城中区人力资源和社会保障局党组工作规则
#   004  天津市机关事务管理局工作规则
CODES: dict[str, CodeDoc] = dict(
    [
        _doc(
            "QUORUM",
            ERROR,
            "meeting_types.<type>.quorum",
            "001 第十九条; 003 第十三条(三); 000 局党组工作规则 第十五条(二); 004 第二十六条; "
            "003 第十四条(三) (民主生活会 三分之二以上)",
        ),
        _doc(
            "ITEM_QUORUM",
            ERROR,
            "item_kinds.<kind>.quorum | meeting_types.<type>.quorum",
            "001 第十九条; 002 选任 第二十五条; 002 三重一大 第九条(一); "
            "000 局党组工作规则 第十五条(二)",
        ),
        _doc(
            "CHAIR_ABSENT",
            ERROR,
            "meeting_types.<type>.chair",
            "001 第十九条; 002 党组会议事规则 三.2",
        ),
        _doc(
            "CHAIR_DEPARTED",
            WARNING,
            "meeting_types.<type>.chair",
            "001 第十九条; 002 党组会议事规则 三.2",
        ),
        _doc(
            "CHAIR_NOT_AUTHORISED",
            ERROR,
            "meeting_types.<type>.chair | meeting_types.<type>.chair_delegates",
            "002 党组会议事规则 三.2; 000 区政府党组 二(二); 003 第十三条(三)",
        ),
        _doc(
            "CHAIR_DELEGATED",
            WARNING,
            "meeting_types.<type>.chair_delegates",
            "002 党组会议事规则 三.2 (书记不能参加会议时可委托); 003 第十三条(三)",
        ),
        _doc(
            "CHAIR_NOT_LAST",
            ERROR,
            "voting.chair_last | item_kinds.<kind>.chair_last",
            "001 第二十条; 003 第十三条(四); 002 末位表态 第三条; 002 三重一大 第九条(三)",
        ),
        _doc(
            "OPINION_ORDER",
            ERROR,
            "item_kinds.<kind>.opinion_order",
            "000 局党组工作规则 第十六条(二)",
        ),
        _doc(
            "OPINION_MISSING",
            ERROR,
            "item_kinds.<kind>.opinions_required",
            "002 党组会议事规则 三.3; 002 选任 第二十五条; 002 三重一大 第九条(二)",
        ),
        _doc(
            "CANDIDATES_JOINT",
            ERROR,
            "item_kinds.<kind>.per_candidate",
            "003 第十三条(四); 000 局委员会议事规则 四.3",
        ),
        _doc(
            "CANDIDATE_NOT_VOTED",
            ERROR,
            "item_kinds.<kind>.per_candidate",
            "003 第十三条(四); 000 局委员会议事规则 四.3",
        ),
        _doc(
            "CANDIDATES_UNRECORDED",
            WARNING,
            "item_kinds.<kind>.per_candidate",
            "003 第十三条(四); 002 选任 第二十六条(一)",
        ),
        _doc(
            "ITEMS_JOINT",
            ERROR,
            "voting.separate_items",
            "001 第二十条; 003 第十三条(四); 002 三重一大 第九条(四)",
        ),
        _doc(
            "NOT_VOTED",
            ERROR,
            "item_kinds.<kind>.vote",
            "000 局党组工作规则 第十六条(一); 001 第二十条",
        ),
        _doc(
            "NO_DECISION",
            ERROR,
            "item_kinds.<kind>.vote",
            "002 党组会议事规则 三.4; 002 三重一大 第九条(五)",
        ),
        _doc(
            "AD_HOC",
            ERROR,
            "item_kinds.<kind>.ad_hoc",
            "000 局党组工作规则 第十六条(二); 002 三重一大 第八条(四); 000 局委员会议事规则 三.5",
        ),
        _doc(
            "AD_HOC_EMERGENCY",
            WARNING,
            "item_kinds.<kind>.ad_hoc",
            "002 三重一大 第八条(四) (除遇重大突发事件和紧急情况外)",
        ),
        _doc(
            "NOTICE_LATE",
            ERROR,
            "meeting_types.<type>.notice_days",
            "001 第十八条; 000 局委员会议事规则 三.3-4; 003 第十三条(二)",
        ),
        _doc(
            "NOTICE_UNRECORDED",
            WARNING,
            "meeting_types.<type>.notice_days",
            "001 第十八条; 003 第十三条(二)",
        ),
        _doc(
            "MATERIALS_LATE",
            ERROR,
            "meeting_types.<type>.notice_days | item_kinds.<kind>.materials_in_advance",
            "001 第十八条; 002 党组会议事规则 三.1; 002 三重一大 第八条(五)",
        ),
        _doc(
            "PROPOSAL_LATE",
            ERROR,
            "meeting_types.<type>.submit_days",
            "000 局委员会议事规则 三.3 (议题申报表……在会前2天书面提交办公室)",
        ),
        _doc(
            "PREREQ_MISSING",
            ERROR,
            "item_kinds.<kind>.prerequisites",
            "001 第十六条; 003 第十一条; 000 局党组工作规则 第十四条; 000 局委员会议事规则 三.5; "
            "002 三重一大 第八条(二)",
        ),
        _doc(
            "PREREQ_UNRECORDED",
            WARNING,
            "item_kinds.<kind>.prerequisites",
            "001 第十六条; 003 第十一条",
        ),
        _doc(
            "CALENDAR_UNKNOWN",
            ERROR,
            "meeting_types.<type>.day_count",
            "(no seed: working days need the State Council holiday notice of the year)",
        ),
        _doc(
            "MATERIALS_UNRECORDED",
            WARNING,
            "item_kinds.<kind>.materials_in_advance",
            "001 第十八条; 002 党组会议事规则 三.1",
        ),
        _doc(
            "MATERIALS_EARLY",
            WARNING,
            "item_kinds.<kind>.materials_in_advance",
            "000 局党组工作规则 第十五条(一); 002 党组会议事规则 三.1 (除干部任免事项外)",
        ),
        _doc(
            "IN_CHARGE_ABSENT",
            ERROR,
            "item_kinds.<kind>.in_charge_present",
            "002 党组会议事规则 三.2",
        ),
        _doc(
            "AREA_UNRECORDED",
            WARNING,
            "item_kinds.<kind>.in_charge_present",
            "002 党组会议事规则 三.2",
        ),
        _doc(
            "AREA_NO_MEMBER",
            WARNING,
            "item_kinds.<kind>.in_charge_present",
            "002 党组会议事规则 三.2",
        ),
        _doc(
            "RECUSED_PARTICIPATED",
            ERROR,
            "meeting_types.<type>",
            "001 第十九条; 003 第十三条(三); 000 局委员会议事规则 四.5",
        ),
        _doc(
            "NOT_PRESENT_PARTICIPATED",
            ERROR,
            "voting.absent_opinions_count",
            "001 第二十条; 003 第十三条(四) (未到会党组成员的书面意见不得计入票数)",
        ),
        _doc(
            "LEAVE_NO_REASON",
            ERROR,
            "meeting_types.<type>",
            "000 局党组工作规则 第十五条(五); 001 第十九条",
        ),
        _doc(
            "ABSENT_WITHOUT_LEAVE",
            WARNING,
            "meeting_types.<type>",
            "000 局党组工作规则 第十五条(五); 000 局委员会议事规则 二.5; 001 第十九条",
        ),
        _doc(
            "ATTENDANCE_UNRECORDED",
            WARNING,
            "members",
            "002 三重一大 第九条(五) (记录参会人员、请假人员)",
        ),
        _doc(
            "RECORD_INCOMPLETE",
            WARNING,
            "meeting_types.<type>",
            "002 三重一大 第九条(五) (记录会议时间、地点、主持人); 001 第二十四条; "
            "003 第十三条(五) (安排专人如实记录)",
        ),
        _doc(
            "STATEMENT_MISSING",
            ERROR,
            "meeting_types.<type>.absent_statement",
            "001 第二十七条(五); 003 第十四条(三)",
        ),
        _doc(
            "SPLIT_VOTE",
            WARNING,
            "voting.split_defer_margin | item_kinds.<kind>.split_defer_margin",
            "003 第十三条(四); 000 局党组工作规则 第十六条(一); 002 三重一大 第九条(四)",
        ),
        _doc(
            "VOTE_INCOMPLETE",
            WARNING,
            "item_kinds.<kind>.pass",
            "002 三重一大 第九条(二) (逐人明确表示); 000 局委员会议事规则 四.2",
        ),
        _doc(
            "METHOD_NOT_ALLOWED",
            ERROR,
            "voting.methods | item_kinds.<kind>.methods",
            "001 第二十条; 002 选任 第二十五条",
        ),
        _doc(
            "FIRST_ITEM",
            ERROR,
            "meeting_types.<type>.first_item",
            "000 局党组工作规则 第十八条; 000 局委员会议事规则 一.1",
        ),
        _doc(
            "NOTIFY_MISSING",
            WARNING,
            "meeting_types.<type>.notify | item_kinds.<kind>.notify",
            "000 局党组工作规则 第十五条(一); 003 第十三条(二); 000 局委员会议事规则 三.3",
        ),
        _doc(
            "AMOUNT_KIND",
            ERROR,
            "item_kinds.<kind>.amount_at_least",
            "002 三重一大 第七条; 003 第十三条(一)4",
        ),
        _doc(
            "WRITTEN_COUNTED",
            WARNING,
            "voting.absent_opinions_count",
            "001 第二十条; 003 第十三条(四) (the seeds forbid it; a rules file may allow it)",
        ),
        _doc(
            "FREQUENCY",
            ERROR,
            "meeting_types.<type>.frequency",
            "001 第十八条; 003 第十三条; 000 区政府党组 二(一); 001 第二十七条(一)",
        ),
        _doc(
            "KIND_FREQUENCY",
            ERROR,
            "item_kinds.<kind>.frequency",
            "000 局党组工作规则 第二十一条 (会前学法每年不少于6次); 000 局党组工作规则 第六条",
        ),
        _doc(
            "NO_ITEMS",
            ERROR,
            "meeting_types.<type>",
            "002 三重一大 第九条(五) (每项议题讨论情况和最后决定); 002 党组会议事规则 三.4",
        ),
        _doc(
            "LEADER_FIRST",
            ERROR,
            "voting.chair_last | item_kinds.<kind>.chair_last",
            '002 末位表态 第五条 ("一把手"不得首先表态或个人定调); 002 三重一大 第九条(三); '
            "000 局党组工作规则 第十六条(一) (党组书记末位表态)",
        ),
        _doc(
            "CANDIDATE_NOT_RECUSED",
            ERROR,
            "item_kinds.<kind>.per_candidate",
            "001 第十九条 (议题涉及本人或其亲属……应回避); 003 第十三条(三); "
            "000 局委员会议事规则 四.5",
        ),
        _doc(
            "DECISION_CONTRADICTS",
            ERROR,
            "item_kinds.<kind>.pass",
            "000 局党组工作规则 第十六条(一) (赞成票超过应到会党组成员半数的为通过); 001 第二十条; "
            "002 选任 第二十五条 (同意、不同意或者缓议)",
        ),
        _doc(
            "RECONSIDER_CONSENT",
            ERROR,
            "voting.reconsider | item_kinds.<kind>.reconsider",
            "002 党组会议事规则 三.3 (须经党组超过半数成员同意后进行); 002 选任 第二十五条",
        ),
        _doc(
            "RECONSIDER_NOT_GRANTED",
            ERROR,
            "voting.reconsider | item_kinds.<kind>.reconsider",
            "002 党组会议事规则 三.3; 002 选任 第二十五条 (需要复议的……同意后方可进行)",
        ),
        _doc(
            "BRIEFING_MISSING",
            WARNING,
            "meeting_types.<type>.absent_briefing",
            "001 第二十七条(五); 003 第十三条(十一); 003 第十四条(三) (会后……转告缺席同志)",
        ),
        # reported by `yishi check` from `yishi verify` (the seal, not the rules: SPEC §6)
        _doc(
            "SEAL_BROKEN",
            ERROR,
            "seal",
            "SPEC §6 (a sealed record cannot change without verify reporting it)",
        ),
    ]
)
YEAR_CODES = ("FREQUENCY", "KIND_FREQUENCY")
# reported beside the engine: `yishi check` adds it from `yishi verify` (tests/test_integrity.py)
SEAL_CODES = ("SEAL_BROKEN",)


# ---------------------------------------------------------------------------- results


@dataclass
class Finding:
    code: str
    severity: str  # "error" | "warning"
    item: int | None
    key: str  # message key in catalog/check.py
    params: dict[str, Any]
    rule: str  # the rule key it comes from, e.g. "item_kinds.personnel.quorum"
    source: str  # rules.body.source

    def message(self, lang: str) -> str:
        from yishi.i18n import t

        params = dict(self.params)
        candidate = params.get("candidate")
        if candidate:
            params["for_candidate"] = (
                f"（人选：{candidate}）" if lang == "zh" else f" (candidate {candidate})"
            )
        else:
            params["for_candidate"] = ""
        for name in list(params):
            if name.endswith("_zh") and lang == "zh":
                params[name[:-3]] = params[name]
            elif name.endswith("_en") and lang != "zh":
                params[name[:-3]] = params[name]
        return t(self.key, lang, **params)

    def to_json(self, lang: str) -> dict[str, Any]:
        # the contract's keys, plus `source`: the body's rules document the rule is from
        return {
            "code": self.code,
            "severity": self.severity,
            "item": self.item,
            "message": self.message(lang),
            "rule": self.rule,
            "source": self.source,
        }


@dataclass
class ItemOutcome:
    number: int
    title: str
    kind: str
    candidate: str | None
    outcome: str  # passed | rejected | deferred | no_vote | invalid
    yes: int
    no: int
    abstain: int
    base: int  # size of the pass base (members / eligible / present / cast)
    required: int | None  # smallest yes count that passes (None when no vote applies)
    quorum_present: int
    quorum_required: int
    method: str | None
    # how the numbers were reached (for explain() and the minutes)
    kind_name: str = ""
    votable: bool = True  # the kind is voted on at all
    voted: bool = False  # a vote of the current round exists
    pass_rule: Threshold | None = None
    quorum_rule: Threshold | None = None  # None: no quorum rule
    quorum_total: int = 0
    written_counted: int = 0  # written opinions added to the tally (absent_opinions_count)
    meeting_inquorate: bool = False  # the meeting lacks its own quorum: it decides nothing

    def explain(self, lang: str) -> str:
        """One line, e.g. 赞成5票、反对1票、弃权0票，应到会8人，须超过半数（至少5票）：通过"""
        zh = lang == "zh"
        tally = (
            f"赞成{self.yes}票、反对{self.no}票、弃权{self.abstain}票"
            if zh
            else f"{self.yes} yes, {self.no} no, {self.abstain} abstain"
        )
        if self.outcome == "deferred":
            word = "暂缓作出决定" if zh else "deferred"
            if not self.voted:
                return word
            return f"{tally}；{word}" if zh else f"{tally}; {word}"
        if self.outcome == "no_vote":
            if not self.votable:
                return "不表决" if zh else "not voted (this kind of item is not voted on)"
            return "尚未表决" if zh else "not voted yet"
        item_short = self.quorum_rule is not None and not self.quorum_rule.met(
            self.quorum_present, self.quorum_total
        )
        if self.outcome == "invalid" and not item_short:
            return (
                f"{tally}，但会议到会人数未达到会议法定人数，会议不得作出决定：表决无效"
                if zh
                else f"{tally}, but the meeting lacks its quorum and decides nothing: invalid"
            )
        if self.outcome == "invalid" and self.quorum_rule is not None:
            need = threshold_words(self.quorum_rule, lang)
            if zh:
                return (
                    f"{tally}，但本项到会{self.quorum_present}人，应到会{self.quorum_total}人，"
                    f"须{need}（至少{self.quorum_required}人）：表决无效"
                )
            return (
                f"{tally}, but only {self.quorum_present} present for the item, short of "
                f"{need} of {self.quorum_total} (at least {self.quorum_required}): invalid"
            )
        assert self.pass_rule is not None
        need = threshold_words(self.pass_rule, lang)
        verdict = {"passed": ("通过", "passed"), "rejected": ("未通过", "rejected")}[self.outcome]
        if zh:
            return (
                f"{tally}，{base_words(self.pass_rule.of, self.base, lang)}，须{need}"
                f"（至少{self.required}票）：{verdict[0]}"
            )
        return (
            f"{tally}; {need} {base_words(self.pass_rule.of, self.base, lang)} needed "
            f"(at least {self.required}): {verdict[1]}"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "kind": self.kind,
            "candidate": self.candidate,
            "outcome": self.outcome,
            "yes": self.yes,
            "no": self.no,
            "abstain": self.abstain,
            "base": self.base,
            "required": self.required,
        }


@dataclass
class Report:
    meeting: str
    findings: list[Finding]
    items: list[ItemOutcome]

    @property
    def ok(self) -> bool:
        return not any(f.severity == ERROR for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def outcomes_for(self, number: int) -> list[ItemOutcome]:
        return [o for o in self.items if o.number == number]

    def findings_for(self, number: int | None) -> list[Finding]:
        return [f for f in self.findings if f.item == number]

    def to_json(self, lang: str) -> dict[str, Any]:
        """Exactly the SPEC §2 contract shape."""
        return {
            "meeting": self.meeting,
            "ok": self.ok,
            "findings": [f.to_json(lang) for f in self.findings],
            "items": [o.to_json() for o in self.items],
        }


# ---------------------------------------------------------------------------- words


def fraction_words(fraction: Fraction, lang: str) -> str:
    if lang == "zh":
        if fraction == Fraction(1, 2):
            return "半数"
        if fraction == 1:
            return "全体"
        return f"{cn_number(fraction.denominator)}分之{cn_number(fraction.numerator)}"
    if fraction == Fraction(1, 2):
        return "half"
    if fraction == 1:
        return "all"
    return f"{fraction.numerator}/{fraction.denominator}"


def threshold_words(threshold: Threshold, lang: str) -> str:
    """超过半数 / 三分之二以上 (以上含本数); more than half / at least 2/3."""
    words = fraction_words(threshold.fraction, lang)
    if threshold.fraction == 1 and threshold.mode == "at_least":
        return "全体" if lang == "zh" else "all"
    if lang == "zh":
        return f"超过{words}" if threshold.mode == "more_than" else f"达到{words}以上"
    return f"more than {words}" if threshold.mode == "more_than" else f"at least {words}"


def base_words(base: str, size: int, lang: str) -> str:
    if lang == "zh":
        return {
            "members": f"应到会{size}人",
            "eligible": f"除回避外应到会{size}人",
            "present": f"到会{size}人",
            "cast": f"投票{size}票",
        }.get(base, str(size))
    return {
        "members": f"of {size} members",
        "eligible": f"of {size} eligible members",
        "present": f"of {size} present",
        "cast": f"of {size} votes cast",
    }.get(base, str(size))


# ---------------------------------------------------------------------------- helpers


def _names(rules: Rules, ids: list[str] | tuple[str, ...]) -> str:
    out = []
    for member_id in ids:
        try:
            out.append(rules.member(member_id).name)
        except KeyError:
            out.append(member_id)
    return "、".join(out)


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


def _kind_rule(meeting: rec.Meeting, item: rec.Item, attr: str, key: str) -> str:
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
        return kind.quorum, _kind_rule(meeting, item, "quorum", "quorum")
    return meeting.meeting_type.quorum, f"meeting_types.{meeting.type}.quorum"


def quorum_total(meeting: rec.Meeting, item: rec.Item | None, threshold: Threshold | None) -> int:
    if item is not None and threshold is not None and threshold.of == "eligible":
        return len(meeting.eligible_members_for(item))
    return len(meeting.members)


def pass_base(meeting: rec.Meeting, item: rec.Item, base: str, cast: int) -> int:
    return meeting.base_total(item, base, cast)


def groups(item: rec.Item) -> list[str | None]:
    """The units decided separately: each candidate, or the item as a whole."""
    return list(item.candidates) if item.candidates else [None]


def _in_group(candidate: str | None, group: str | None) -> bool:
    return group is None or candidate is None or candidate == group


def vote_for(item: rec.Item, group: str | None) -> rec.Vote | None:
    """The current round's vote that decides `group` (a joint vote counts for each)."""
    for vote in item.votes:
        if item.is_current(vote, group):
            return vote
    return None


def _rule_key(kind: ItemKind, attr: str, kind_value: Any, voting_attr: str | None = None) -> str:
    if kind_value is not None and kind_value != ():
        return f"item_kinds.{kind.id}.{attr}"
    return f"voting.{voting_attr or attr}"


def in_charge_of(meeting: rec.Meeting, item: rec.Item) -> list[Member]:
    if not item.area:
        return []
    return [m for m in meeting.members if item.area in m.in_charge]


def has_written_opinion(meeting: rec.Meeting, item: rec.Item, member_id: str) -> bool:
    entry = meeting.attendance.get(member_id)
    if entry is not None and entry.status == rec.LEAVE and entry.written_opinion.strip():
        return True
    return any(o.member == member_id and o.written for o in item.opinions)


def _period_deadline(meeting: rec.Meeting, days: int | None = None) -> dt.date | None:
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


def _unit(meeting: rec.Meeting) -> dict[str, str]:
    if meeting.meeting_type.day_count == "working":
        return {"unit_zh": "个工作日", "unit_en": " working day(s)"}
    return {"unit_zh": "天", "unit_en": " day(s)"}


# ---------------------------------------------------------------------------- outcomes


def outcome(meeting: rec.Meeting, item: rec.Item, group: str | None) -> ItemOutcome:
    rules = meeting.rules
    kind = meeting.kind(item)
    q_rule, _ = item_quorum(meeting, item)
    q_total = quorum_total(meeting, item, q_rule)
    decision = item.decision_for(group)
    present = len(meeting.present_members_for(item))
    vote = vote_for(item, group) if kind.vote else None
    yes, no, abstain = (vote.yes, vote.no, vote.abstain) if vote else (0, 0, 0)
    written = 0
    if vote is not None and rules.voting.absent_opinions_count:
        named = set(vote.yes_names + vote.no_names + vote.abstain_names)
        counted: set[str] = set()
        for op in item.opinions:
            if (
                op.written
                and op.position
                and op.member not in named
                and op.member not in counted
                and _in_group(op.candidate, group)
                and not meeting.present_for(item, op.member)
            ):
                counted.add(op.member)
                written += 1
                if op.position == "agree":
                    yes += 1
                elif op.position == "disagree":
                    no += 1
                else:
                    abstain += 1
    pass_rule = kind.pass_ if kind.vote else None
    base = pass_base(meeting, item, pass_rule.of, yes + no + abstain) if pass_rule else 0
    required = None
    if pass_rule is not None and (vote is not None or pass_rule.of != "cast"):
        required = pass_rule.required(base)
    if decision is not None and decision.status == rec.DEFERRED:
        result = "deferred"
    elif vote is None or pass_rule is None:
        result = "no_vote"
    elif (q_rule is not None and not q_rule.met(present, q_total)) or not meeting.quorate():
        result = "invalid"  # a meeting without its own quorum decides nothing (SPEC §1)
    else:
        result = "passed" if pass_rule.met(yes, base) else "rejected"
    return ItemOutcome(
        number=item.number,
        title=item.title,
        kind=item.kind,
        candidate=group,
        outcome=result,
        yes=yes,
        no=no,
        abstain=abstain,
        base=base,
        required=required,
        quorum_present=present,
        quorum_required=q_rule.required(q_total) if q_rule is not None else 0,
        method=vote.method if vote else None,
        kind_name=kind.name,
        votable=kind.vote,
        voted=vote is not None,
        pass_rule=pass_rule,
        quorum_rule=q_rule,
        quorum_total=q_total,
        written_counted=written,
        meeting_inquorate=not meeting.quorate(),
    )


# ---------------------------------------------------------------------------- checks


class _Checker:
    def __init__(self, meeting: rec.Meeting) -> None:
        self.m = meeting
        self.rules = meeting.rules
        self.mtype = meeting.meeting_type
        self.source = self.rules.body.source or self.rules.body.name
        self.findings: list[Finding] = []

    def add(
        self, code: str, item: int | None, rule: str, key: str | None = None, **params: Any
    ) -> None:
        doc = CODES[code]
        self.findings.append(
            Finding(code, doc.severity, item, key or f"check.{code}", params, rule, self.source)
        )

    def add_as(
        self, code: str, severity: str, item: int | None, rule: str, key: str, **params: Any
    ) -> None:
        self.findings.append(Finding(code, severity, item, key, params, rule, self.source))

    @property
    def type_key(self) -> str:
        return f"meeting_types.{self.m.type}"

    # --- the meeting as a whole

    def meeting_checks(self) -> None:
        m, rules = self.m, self.rules
        total = len(m.members)
        present = len(m.present_at_opening())
        quorum = self.mtype.quorum
        if quorum is not None and not quorum.met(present, total):
            self.add(
                "QUORUM",
                None,
                f"{self.type_key}.quorum",
                present=present,
                total=total,
                required=quorum.required(total),
                need_zh=threshold_words(quorum, "zh"),
                need_en=threshold_words(quorum, "en"),
            )
        unrecorded = m.unrecorded()
        if unrecorded:
            self.add(
                "ATTENDANCE_UNRECORDED",
                None,
                "members",
                names=_names(rules, [x.id for x in unrecorded]),
                count=len(unrecorded),
            )
        for member in m.members:
            entry = m.attendance.get(member.id)
            if entry is None:
                continue
            if entry.status == rec.LEAVE and not entry.reason.strip():
                self.add("LEAVE_NO_REASON", None, self.type_key, name=member.name)
            if entry.status == rec.ABSENT:
                self.add("ABSENT_WITHOUT_LEAVE", None, self.type_key, name=member.name)
            # 因故缺席的党组成员，应提交书面发言: on leave or absent alike
            if (
                self.mtype.absent_statement
                and entry.status in (rec.LEAVE, rec.ABSENT)
                and not entry.written_opinion.strip()
                and not any(
                    o.member == member.id and o.written for i in m.items for o in i.opinions
                )
            ):
                self.add(
                    "STATEMENT_MISSING", None, f"{self.type_key}.absent_statement", name=member.name
                )
            if (
                self.mtype.absent_briefing
                and entry.status in (rec.LEAVE, rec.ABSENT)
                and member.id not in m.briefings
            ):
                self.add(
                    "BRIEFING_MISSING", None, f"{self.type_key}.absent_briefing", name=member.name
                )
        if not m.items:
            self.add("NO_ITEMS", None, self.type_key)
        missing = [
            what
            for what in ("time", "place", "recorder")
            if not str(getattr(m, what) or "").strip()
        ]
        if missing:
            words = {
                "time": ("时间", "time"),
                "place": ("地点", "place"),
                "recorder": ("记录人", "recorder"),
            }
            self.add(
                "RECORD_INCOMPLETE",
                None,
                self.type_key,
                missing_zh="、".join(words[w][0] for w in missing),
                missing_en=", ".join(words[w][1] for w in missing),
            )
        self.chair_checks()
        self.notice_checks()
        first = self.mtype.first_item
        if first and m.items and m.items[0].kind != first:
            kinds = rules.item_kinds
            self.add(
                "FIRST_ITEM",
                1,
                f"{self.type_key}.first_item",
                expected=kinds[first].name if first in kinds else first,
                actual=m.kind(m.items[0]).name,
            )
        for org in self.mtype.notify:
            if org not in m.notified:
                self.add("NOTIFY_MISSING", None, f"{self.type_key}.notify", org=org)

    def chair_checks(self) -> None:
        m, rules = self.m, self.rules
        chair = chair_of(m)
        if chair is None:
            return
        principal = rules.holders(self.mtype.chair)
        delegates = [d for role in self.mtype.chair_delegates for d in rules.holders(role)]
        rule = f"{self.type_key}.chair"
        if chair.id not in {p.id for p in principal}:
            if chair.id not in {d.id for d in delegates}:
                self.add(
                    "CHAIR_NOT_AUTHORISED",
                    None,
                    rule,
                    name=chair.name,
                    chair=self.mtype.chair,
                    allowed=_names(rules, [x.id for x in principal + delegates]),
                )
            else:
                here = [p for p in principal if m.status_of(p.id) == rec.PRESENT]
                if here:
                    self.add(
                        "CHAIR_DELEGATED",
                        None,
                        f"{self.type_key}.chair_delegates",
                        name=chair.name,
                        principal=_names(rules, [p.id for p in here]),
                    )
        entry = m.attendance.get(chair.id)
        handed_over = [n for n, _ in m.chair_changes]
        if entry is None or entry.status != rec.PRESENT:
            self.add("CHAIR_ABSENT", None, rule, name=chair.name)
        elif entry.departed_after is not None and any(
            i.number > entry.departed_after and not any(n <= i.number for n in handed_over)
            for i in m.items
        ):
            self.add("CHAIR_DEPARTED", None, rule, name=chair.name, after=entry.departed_after)
        # 主持人变更: whoever takes over must be allowed to chair and present for those items
        allowed = {p.id for p in principal} | {d.id for d in delegates}
        for from_item, member_id in sorted(m.chair_changes):
            try:
                new = rules.member(member_id)
            except KeyError:
                continue
            if new.id not in allowed:
                self.add(
                    "CHAIR_NOT_AUTHORISED",
                    from_item,
                    rule,
                    name=new.name,
                    chair=self.mtype.chair,
                    allowed=_names(rules, [x.id for x in principal + delegates]),
                )
            for item in m.items:
                if (
                    m.chair_for(item.number) == new.id
                    and not m.present_for(item, new.id)
                    and new.id not in item.recusals
                ):
                    self.add("CHAIR_ABSENT", item.number, rule, name=new.name)
                    break

    def deadline(self, days: int | None = None) -> dt.date | None:
        """_period_deadline, or None with one CALENDAR_UNKNOWN finding when the working-day
        calendar lacks the year."""
        from yishi.workdays import CalendarMissing

        try:
            return _period_deadline(self.m, days)
        except CalendarMissing as exc:
            if not any(f.code == "CALENDAR_UNKNOWN" for f in self.findings):
                self.add("CALENDAR_UNKNOWN", None, f"{self.type_key}.day_count", **exc.params)
            return None

    def notice_checks(self) -> None:
        m = self.m
        if self.mtype.notice_days is None or m.emergency:
            return
        deadline = self.deadline()
        if deadline is None:
            return
        rule = f"{self.type_key}.notice_days"
        days = self.mtype.notice_days
        if m.notice_sent is None:
            self.add("NOTICE_UNRECORDED", None, rule, days=days, **_unit(m))
        elif m.notice_sent > deadline:
            self.add(
                "NOTICE_LATE",
                None,
                rule,
                sent=m.notice_sent.isoformat(),
                deadline=deadline.isoformat(),
                days=days,
                **_unit(m),
            )

    def proposal_checks(self, item: rec.Item, kind: ItemKind) -> None:
        """议题申报: submitted `submit_days` before; the kind's prerequisites done."""
        from yishi.record_before import missing_prerequisites, prerequisites_of

        m = self.m
        days = self.mtype.submit_days
        if (
            days is not None
            and item.proposed
            and item.submitted is not None
            and not item.ad_hoc
            and not m.emergency
        ):
            deadline = self.deadline(days)
            if deadline is not None and item.submitted > deadline:
                self.add(
                    "PROPOSAL_LATE",
                    item.number,
                    f"{self.type_key}.submit_days",
                    submitted=item.submitted.isoformat(),
                    deadline=deadline.isoformat(),
                    days=days,
                    **_unit(m),
                )
        if not prerequisites_of(m, item):
            return
        rule = f"item_kinds.{kind.id}.prerequisites"
        missing = missing_prerequisites(m, item)
        if not item.prerequisites_recorded:
            if not m.planned:  # the 申报 was not tracked in yishi: nothing to say
                return
            self.add("PREREQ_UNRECORDED", item.number, rule, missing="、".join(missing))
        elif missing:
            self.add(
                "PREREQ_MISSING",
                item.number,
                rule,
                missing="、".join(missing),
                forced_zh="（审定时即未完成）" if item.forced_approval else "",
                forced_en=" (already missing when approved)" if item.forced_approval else "",
            )

    # --- each item

    def item_checks(self, item: rec.Item, meeting_quorum_failed: bool) -> None:
        m, rules = self.m, self.rules
        kind = m.kind(item)
        kind_key = f"item_kinds.{kind.id}"
        n = item.number

        # quorum for the item
        q_rule, q_key = item_quorum(m, item)
        q_total = quorum_total(m, item, q_rule)
        present = len(m.present_members_for(item))
        if q_rule is not None and not q_rule.met(present, q_total):
            same_as_meeting = (
                q_rule == self.mtype.quorum
                and present == len(m.present_at_opening())
                and q_total == len(m.members)
            )
            if not (meeting_quorum_failed and same_as_meeting):
                self.add(
                    "ITEM_QUORUM",
                    n,
                    q_key,
                    present=present,
                    total=q_total,
                    required=q_rule.required(q_total),
                    need_zh=threshold_words(q_rule, "zh"),
                    need_en=threshold_words(q_rule, "en"),
                )

        # the kind by amount
        if item.amount is not None:
            from yishi.kinds import replaceable

            by_amount = rules.kind_for_amount(item.amount, item.category)
            if (
                by_amount is not None
                and by_amount.id not in (item.kind, item.amount_kind)
                and replaceable(rules.item_kinds[item.kind], by_amount)
            ):
                key = (
                    "amount_at_least"
                    if by_amount.amount_at_least is not None
                    else "amount_more_than"
                )
                bound = by_amount.amount_bound
                assert bound is not None
                self.add(
                    "AMOUNT_KIND",
                    n,
                    f"item_kinds.{by_amount.id}.{key}",
                    amount=amount_text(item.amount),
                    kind=kind.name,
                    expected=by_amount.name,
                    threshold=amount_text(bound),
                )

        # ad hoc
        if item.ad_hoc and not kind.ad_hoc:
            if m.emergency and not kind.per_candidate:
                self.add("AD_HOC_EMERGENCY", n, f"{kind_key}.ad_hoc", kind=kind.name)
            else:
                self.add("AD_HOC", n, f"{kind_key}.ad_hoc", kind=kind.name)

        self.materials_checks(item, kind)
        self.proposal_checks(item, kind)
        self.in_charge_checks(item, kind)
        self.participation_checks(item, kind)
        self.opinion_checks(item, kind)
        self.vote_checks(item, kind)

        for org in kind.notify:
            if org not in item.notified and org not in m.notified:
                self.add("NOTIFY_MISSING", n, f"{kind_key}.notify", org=org)

    def materials_checks(self, item: rec.Item, kind: ItemKind) -> None:
        m = self.m
        rule = f"item_kinds.{kind.id}.materials_in_advance"
        if not kind.materials_in_advance:
            if item.materials_sent is not None:
                self.add(
                    "MATERIALS_EARLY",
                    item.number,
                    rule,
                    kind=kind.name,
                    sent=item.materials_sent.isoformat(),
                )
            return
        if self.mtype.notice_days is None or m.emergency or item.ad_hoc:
            return
        deadline = self.deadline()
        if deadline is None:
            return
        sent = item.materials_sent or m.notice_sent  # sent with the notice unless recorded
        if sent is None:
            self.add(
                "MATERIALS_UNRECORDED", item.number, rule, days=self.mtype.notice_days, **_unit(m)
            )
        elif item.materials_sent is not None and item.materials_sent > deadline:
            self.add(
                "MATERIALS_LATE",
                item.number,
                f"{self.type_key}.notice_days",
                sent=item.materials_sent.isoformat(),
                deadline=deadline.isoformat(),
                days=self.mtype.notice_days,
                **_unit(m),
            )

    def in_charge_checks(self, item: rec.Item, kind: ItemKind) -> None:
        if not kind.in_charge_present:
            return
        m = self.m
        rule = f"item_kinds.{kind.id}.in_charge_present"
        if not item.area:
            self.add("AREA_UNRECORDED", item.number, rule, kind=kind.name)
            return
        people = in_charge_of(m, item)
        if not people:
            self.add("AREA_NO_MEMBER", item.number, rule, area=item.area)
            return
        for person in people:
            if person.id in item.recusals:
                continue
            if m.present_for(item, person.id) or has_written_opinion(m, item, person.id):
                continue
            self.add("IN_CHARGE_ABSENT", item.number, rule, name=person.name, area=item.area)

    def participation_checks(self, item: rec.Item, kind: ItemKind) -> None:
        m, rules = self.m, self.rules
        n = item.number
        # a member who is a candidate of the item must be recused from it (001 第十九条)
        for candidate in item.candidates:
            for member in m.members:
                if candidate in (member.name, member.id) and member.id not in item.recusals:
                    self.add(
                        "CANDIDATE_NOT_RECUSED",
                        n,
                        f"item_kinds.{kind.id}.per_candidate",
                        name=member.name,
                        candidate=candidate,
                    )
        self.reconsider_checks(item, kind)
        for member_id in item.recusals:
            spoke = any(o.member == member_id for o in item.opinions)
            voted = any(member_id in v.yes_names + v.no_names + v.abstain_names for v in item.votes)
            if spoke or voted:
                self.add("RECUSED_PARTICIPATED", n, self.type_key, name=_names(rules, [member_id]))
        rule = "voting.absent_opinions_count"
        flagged: set[str] = set()
        for op in item.opinions:
            if (
                not op.written
                and op.member not in item.recusals
                and not m.present_for(item, op.member)
                and op.member not in flagged
            ):
                flagged.add(op.member)
                self.add(
                    "NOT_PRESENT_PARTICIPATED",
                    n,
                    rule,
                    "check.NOT_PRESENT_SPOKE",
                    name=_names(rules, [op.member]),
                )
        for vote in item.current_votes():
            if vote.secret:
                present = len(m.present_members_for(item))
                if vote.yes + vote.no + vote.abstain > present:
                    self.add(
                        "NOT_PRESENT_PARTICIPATED",
                        n,
                        rule,
                        "check.NOT_PRESENT_BALLOTS",
                        total=vote.yes + vote.no + vote.abstain,
                        present=present,
                        candidate=vote.candidate,
                    )
                continue
            for member_id in vote.yes_names + vote.no_names + vote.abstain_names:
                if (
                    member_id not in item.recusals
                    and not m.present_for(item, member_id)
                    and member_id not in flagged
                ):
                    flagged.add(member_id)
                    self.add(
                        "NOT_PRESENT_PARTICIPATED",
                        n,
                        rule,
                        "check.NOT_PRESENT_VOTED",
                        name=_names(rules, [member_id]),
                    )

    def reconsider_checks(self, item: rec.Item, kind: ItemKind) -> None:
        """复议 consent counted again: distinct members present for the item (a record
        written before yishi refused repeated or absent names may have counted them)."""
        m = self.m
        threshold = m.rules.reconsider_for(kind)
        rule = _rule_key(kind, "reconsider", kind.reconsider)
        for entry in item.reconsiderations:
            if not entry.granted or threshold is None:
                continue
            valid = {x for x in entry.consenting if m.present_for(item, x)}
            total = m.base_total(item, threshold.of, len(valid))
            if not threshold.met(len(valid), total):
                self.add(
                    "RECONSIDER_CONSENT",
                    item.number,
                    rule,
                    count=len(valid),
                    given=len(entry.consenting),
                    total=total,
                    required=threshold.required(total),
                    candidate=entry.candidate,
                )
        if item.reconsiders is not None and not any(r.granted for r in item.reconsiderations):
            self.add(
                "RECONSIDER_NOT_GRANTED",
                item.number,
                rule,
                meeting=item.reconsiders.get("meeting", ""),
                other=item.reconsiders.get("item", ""),
            )

    def opinion_checks(self, item: rec.Item, kind: ItemKind) -> None:
        m, rules = self.m, self.rules
        n = item.number
        chair = chair_of(m, item)
        leader = leader_of(m)
        chair_last = rules.chair_last_for(kind)
        chair_rule = _rule_key(kind, "chair_last", kind.chair_last)
        order_rule = f"item_kinds.{kind.id}.opinion_order"
        present = m.present_members_for(item)
        for group in groups(item):
            spoken = sorted(
                (o for o in item.opinions if not o.written and _in_group(o.candidate, group)),
                key=lambda o: o.order,
            )
            # 末位表态: no other member speaks after the chair has spoken
            if chair_last and chair is not None:
                chair_at = next((i for i, o in enumerate(spoken) if o.member == chair.id), None)
                if chair_at is not None:
                    after = []
                    for o in spoken[chair_at + 1 :]:
                        if o.member != chair.id and o.member not in after:
                            after.append(o.member)
                    if after:
                        self.add(
                            "CHAIR_NOT_LAST",
                            n,
                            chair_rule,
                            name=chair.name,
                            after=_names(rules, after),
                            candidate=group,
                        )
            # "一把手"不得首先表态: while another member presides, the 一把手 may not open
            if (
                chair_last
                and leader is not None
                and chair is not None
                and leader.id != chair.id
                and spoken
                and spoken[0].member == leader.id
                and any(p.id != leader.id for p in present)
            ):
                self.add(
                    "LEADER_FIRST",
                    n,
                    chair_rule,
                    name=leader.name,
                    chair=chair.name,
                    candidate=group,
                )
            # 按排序从后往前: first words of each member in rank order
            if kind.opinion_order in ("reverse_rank", "rank"):
                firsts: list[Member] = []
                for o in spoken:
                    if chair_last and chair is not None and o.member == chair.id:
                        continue
                    if all(f.id != o.member for f in firsts):
                        try:
                            firsts.append(rules.member(o.member))
                        except KeyError:
                            continue
                descending = kind.opinion_order == "reverse_rank"
                for before, after_member in zip(firsts, firsts[1:], strict=False):
                    wrong = (
                        after_member.rank > before.rank
                        if descending
                        else after_member.rank < before.rank
                    )
                    if wrong:
                        key = "check.OPINION_ORDER" if descending else "check.OPINION_ORDER_RANK"
                        self.add(
                            "OPINION_ORDER",
                            n,
                            order_rule,
                            key,
                            name=after_member.name,
                            rank=after_member.rank,
                            before=before.name,
                            before_rank=before.rank,
                            candidate=group,
                        )
                        break
            # 明确意见: every member present states a position
            if kind.opinions_required:
                missing = []
                for member in present:
                    stated = any(
                        o.member == member.id and (o.position or not kind.opinions) for o in spoken
                    )
                    if not stated:
                        missing.append(member.id)
                if missing:
                    self.add(
                        "OPINION_MISSING",
                        n,
                        f"item_kinds.{kind.id}.opinions_required",
                        names=_names(rules, missing),
                        count=len(missing),
                        candidate=group,
                    )

    def decision_checks(self, item: rec.Item, kind: ItemKind) -> None:
        """A decision's status agrees with the vote: adopted only on a passed item (or a kind
        that is not voted), rejected not on a passed one (SPEC §2)."""
        m = self.m
        rule = f"item_kinds.{kind.id}.vote"
        if kind.vote and kind.pass_ is not None:
            rule = _kind_rule(m, item, "pass_", "pass")
        if not kind.vote:
            return
        # a decision on one candidate is judged on that candidate's vote; the item's own
        # decision on the candidates without one, as a whole (one text may record
        # "张三同志任科长；李四同志未获通过": adopted when any passed, rejected when not all did)
        whole: list[str] = []
        for group in groups(item):
            own = group is not None and group in item.decisions
            decision = item.decision_for(group)
            if decision is None or decision.status == rec.DEFERRED:
                continue
            result = outcome(m, item, group).outcome
            if own:
                self.decision_agrees(item, decision, [result], rule, group)
            else:
                whole.append(result)
        whole_decision = item.decisions.get(None)
        if whole and whole_decision is not None:
            self.decision_agrees(item, whole_decision, whole, rule, None)

    def decision_agrees(
        self,
        item: rec.Item,
        decision: rec.Decision,
        results: list[str],
        rule: str,
        group: str | None,
    ) -> None:
        if decision.status == rec.ADOPTED and "passed" not in results:
            result = next(r for r in ("invalid", "rejected", "no_vote") if r in results)
            self.add(
                "DECISION_CONTRADICTS",
                item.number,
                rule,
                "check.DECISION_ADOPTED",
                outcome_zh=_OUTCOME_ZH[result],
                outcome_en=result.replace("_", " "),
                candidate=group,
            )
        elif decision.status == rec.REJECTED and all(r == "passed" for r in results):
            self.add(
                "DECISION_CONTRADICTS",
                item.number,
                rule,
                "check.DECISION_REJECTED",
                candidate=group,
            )

    def vote_checks(self, item: rec.Item, kind: ItemKind) -> None:
        m, rules = self.m, self.rules
        n = item.number
        kind_key = f"item_kinds.{kind.id}"
        methods = rules.methods_for(kind)
        method_rule = _rule_key(kind, "methods", kind.methods)
        for vote in item.votes:
            if vote.method not in methods:
                self.add(
                    "METHOD_NOT_ALLOWED",
                    n,
                    method_rule,
                    method=vote.method,
                    allowed=", ".join(methods),
                    candidate=vote.candidate,
                )
        current = item.current_votes()
        for vote in current:
            if vote.joint_items and rules.voting.separate_items and n < min(vote.joint_items):
                self.add(
                    "ITEMS_JOINT",
                    n,
                    "voting.separate_items",
                    items="、".join(str(x) for x in sorted((n, *vote.joint_items))),
                )
            if vote.joint_candidates and kind.per_candidate:
                self.add(
                    "CANDIDATES_JOINT",
                    n,
                    f"{kind_key}.per_candidate",
                    candidates="、".join(item.candidates),
                )
            # who did not vote
            present = m.present_members_for(item)
            if vote.secret:
                cast = vote.yes + vote.no + vote.abstain
                if cast < len(present):
                    self.add(
                        "VOTE_INCOMPLETE",
                        n,
                        f"{kind_key}.pass",
                        "check.VOTE_INCOMPLETE_SECRET",
                        cast=cast,
                        present=len(present),
                        candidate=vote.candidate,
                    )
            else:
                voters = set(vote.yes_names + vote.no_names + vote.abstain_names)
                silent = [p.id for p in present if p.id not in voters]
                if silent:
                    self.add(
                        "VOTE_INCOMPLETE",
                        n,
                        f"{kind_key}.pass",
                        names=_names(rules, silent),
                        candidate=vote.candidate,
                    )
            # 意见分歧较大: defer unless an emergency
            margin = rules.split_margin_for(kind)
            decision = item.decision_for(vote.candidate)
            deferred = decision is not None and decision.status == rec.DEFERRED
            if (
                margin is not None
                and abs(vote.yes - vote.no) <= margin
                and not deferred
                and not m.emergency
            ):
                self.add(
                    "SPLIT_VOTE",
                    n,
                    _rule_key(kind, "split_defer_margin", kind.split_defer_margin),
                    yes=vote.yes,
                    no=vote.no,
                    margin=margin,
                    candidate=None if vote.joint_candidates else vote.candidate,
                )
        self.decision_checks(item, kind)
        if not kind.vote:
            return
        if kind.per_candidate and not item.candidates:
            self.add("CANDIDATES_UNRECORDED", n, f"{kind_key}.per_candidate", kind=kind.name)
        undecided = []
        for group in groups(item):
            decision = item.decision_for(group)
            deferred = decision is not None and decision.status == rec.DEFERRED
            voted = vote_for(item, group) is not None
            if not voted and not deferred:
                if group is not None:
                    self.add("CANDIDATE_NOT_VOTED", n, f"{kind_key}.vote", candidate=group)
                else:
                    self.add("NOT_VOTED", n, f"{kind_key}.vote", kind=kind.name)
            if voted and decision is None:
                undecided.append(group)
        if undecided:
            named = [g for g in undecided if g is not None]
            self.add(
                "NO_DECISION",
                n,
                f"{kind_key}.vote",
                candidate=named[0] if len(named) == 1 and len(groups(item)) > 1 else None,
            )
        if rules.voting.absent_opinions_count and current:
            for group in groups(item):
                counted = outcome(m, item, group).written_counted
                if counted:
                    self.add(
                        "WRITTEN_COUNTED",
                        n,
                        "voting.absent_opinions_count",
                        count=counted,
                        candidate=group,
                    )


_OUTCOME_ZH = {
    "rejected": "未通过",
    "invalid": "表决无效",
    "no_vote": "未表决",
    "passed": "通过",
    "deferred": "暂缓",
}


_ORDER = {code: index for index, code in enumerate(CODES)}


def _sort(findings: list[Finding]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda f: (
            f.item is not None,
            f.item or 0,
            _ORDER[f.code],
            str(f.params.get("candidate") or ""),
        ),
    )


def evaluate(meeting: rec.Meeting) -> Report:
    """Every finding and every item outcome of one meeting, under its own rules."""
    checker = _Checker(meeting)
    if meeting.state == rec.PLANNED:  # not held yet: only what is due before it
        checker.notice_checks()
        for item in meeting.items:
            checker.materials_checks(item, meeting.kind(item))
            checker.proposal_checks(item, meeting.kind(item))
        outcomes = [
            outcome(meeting, item, group) for item in meeting.items for group in groups(item)
        ]
        return Report(meeting.id, _sort(checker.findings), outcomes)
    checker.meeting_checks()
    quorum_failed = any(f.code == "QUORUM" for f in checker.findings)
    for item in meeting.items:
        checker.item_checks(item, quorum_failed)
    outcomes = [outcome(meeting, item, group) for item in meeting.items for group in groups(item)]
    return Report(meeting.id, _sort(checker.findings), outcomes)


# ---------------------------------------------------------------------------- a year

_PERIODS = {"month": 12, "quarter": 4, "half_year": 2, "year": 1}


def periods(year: int, per: str) -> list[tuple[int, dt.date, dt.date]]:
    """(index, first day, last day) of each period of `per` in `year`."""
    count = _PERIODS[per]
    months = 12 // count
    out = []
    for index in range(1, count + 1):
        start = dt.date(year, (index - 1) * months + 1, 1)
        end_month = index * months
        end = (
            dt.date(year, 12, 31)
            if end_month == 12
            else dt.date(year, end_month + 1, 1) - dt.timedelta(days=1)
        )
        out.append((index, start, end))
    return out


def period_label(year: int, per: str, index: int, lang: str) -> str:
    if lang == "zh":
        return {
            "month": f"{year}年{index}月",
            "quarter": f"{year}年第{index}季度",
            "half_year": f"{year}年{'上' if index == 1 else '下'}半年",
            "year": f"{year}年",
        }[per]
    return {
        "month": f"{year}-{index:02d}",
        "quarter": f"{year} Q{index}",
        "half_year": f"{year} H{index}",
        "year": str(year),
    }[per]


def evaluate_year(
    meetings: list[rec.Meeting],
    year: int,
    today: dt.date | None = None,
    *,
    closed_only: bool = False,
) -> list[Finding]:
    """Frequency (`meeting_types.<type>.frequency`) of each body's meeting types over `year`.

    Each body is judged under the rules of its latest meeting in `meetings` (a meeting keeps
    the rules it was held under). With `today`, only periods that ended before it are judged
    (a month still running is not yet short of meetings); without it, the whole year is.
    With `closed_only`, meetings not yet closed name their body and rules but are not counted
    as held (`yishi report`: a body whose meetings are all still open is short everywhere).
    """
    by_body: dict[str, list[rec.Meeting]] = {}
    for meeting in meetings:
        by_body.setdefault(meeting.body, []).append(meeting)
    findings: list[Finding] = []
    for body_id in sorted(by_body):
        held = by_body[body_id]
        in_year = [m for m in held if m.year == year]
        latest = max(in_year or held, key=lambda m: (m.date, m.id))
        rules = latest.rules
        source = rules.body.source or rules.body.name
        # a meeting that lacks its own quorum decides nothing and does not count (SPEC §1)
        held_year = [
            m
            for m in in_year
            if m.quorate() and (not closed_only or m.state in (rec.CLOSED, rec.ISSUED))
        ]
        for type_id, mtype in rules.meeting_types.items():
            if mtype.frequency is None:
                continue
            minimum, per = mtype.frequency
            for index, start, end in periods(year, per):
                if today is not None and end >= today:
                    continue
                count = sum(1 for m in held_year if m.type == type_id and start <= m.date <= end)
                if count < minimum:
                    findings.append(
                        Finding(
                            "FREQUENCY",
                            CODES["FREQUENCY"].severity,
                            None,
                            "check.FREQUENCY",
                            {
                                "body": rules.body.name,
                                "type": mtype.name,
                                "count": count,
                                "min": minimum,
                                "period_zh": period_label(year, per, index, "zh"),
                                "period_en": period_label(year, per, index, "en"),
                            },
                            f"meeting_types.{type_id}.frequency",
                            source,
                        )
                    )
        for kind_id, kind in rules.item_kinds.items():
            if kind.frequency is None:
                continue
            minimum, per = kind.frequency
            for index, start, end in periods(year, per):
                if today is not None and end >= today:
                    continue
                count = sum(
                    1
                    for m in held_year
                    if start <= m.date <= end
                    for i in m.items
                    if kind_id in (i.kind, i.amount_kind)
                )
                if count < minimum:
                    findings.append(
                        Finding(
                            "KIND_FREQUENCY",
                            CODES["KIND_FREQUENCY"].severity,
                            None,
                            "check.KIND_FREQUENCY",
                            {
                                "body": rules.body.name,
                                "kind": kind.name,
                                "count": count,
                                "min": minimum,
                                "period_zh": period_label(year, per, index, "zh"),
                                "period_en": period_label(year, per, index, "en"),
                            },
                            f"item_kinds.{kind_id}.frequency",
                            source,
                        )
                    )
    return findings


__all__ = [
    "Finding",
    "ItemOutcome",
    "Report",
    "CodeDoc",
    "CODES",
    "YEAR_CODES",
    "evaluate",
    "evaluate_year",
    "outcome",
    "chair_of",
    "item_quorum",
    "quorum_total",
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
]
