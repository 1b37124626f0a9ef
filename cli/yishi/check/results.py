"""What `check.evaluate` returns: findings, item outcomes and the report of one meeting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yishi.check.registry import ERROR, WARNING
from yishi.check.words import base_words, threshold_words
from yishi.rules import Threshold

OUTCOMES = ("passed", "rejected", "deferred", "no_vote", "invalid")


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


__all__ = ["Finding", "ItemOutcome", "Report", "OUTCOMES"]
