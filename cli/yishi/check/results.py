"""What `check.evaluate` returns: findings, item outcomes and the report of one meeting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yishi.check.registry import ERROR, WARNING
from yishi.check.words import base_words, threshold_words
from yishi.i18n import t
from yishi.message import Keyed, Message
from yishi.rules import Threshold

OUTCOMES = ("passed", "rejected", "deferred", "no_vote", "invalid")


@dataclass
class Finding(Keyed):
    code: str
    severity: str  # "error" | "warning"
    item: int | None
    key: str  # message key in catalog/check.py
    params: dict[str, Any]
    rule: str  # the rule key it comes from, e.g. "item_kinds.personnel.quorum"
    source: str  # rules.body.source

    def message(self, lang: str) -> str:
        """The message (key + params, as every message); `for_candidate` names the
        candidate of a per-candidate finding (catalog check.for_candidate)."""
        candidate = self.params.get("candidate")
        for_candidate = (
            Message("check.for_candidate", {"candidate": candidate}) if candidate else ""
        )
        return t(self.key, lang, **{**self.params, "for_candidate": for_candidate})

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


_EXPLAINED: dict[tuple[Any, ...], str] = {}


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
        """One line, e.g. 赞成5票、反对1票、弃权0票，应到会8人，须超过半数（至少5票）：通过
        (the sentences are catalog entries, outcome.*). Memoised on what it reads: a year's
        minutes explain the same few tallies over and over."""
        key = (
            self.outcome,
            self.voted,
            self.votable,
            self.yes,
            self.no,
            self.abstain,
            self.base,
            self.required,
            self.quorum_present,
            self.quorum_required,
            self.quorum_total,
            self.pass_rule,
            self.quorum_rule,
            lang,
        )
        try:
            return _EXPLAINED[key]
        except KeyError:
            pass
        except TypeError:  # a threshold that does not hash: explained every time
            return self._explain(lang)
        if len(_EXPLAINED) >= 4096:
            _EXPLAINED.clear()
        text = _EXPLAINED[key] = self._explain(lang)
        return text

    def _explain(self, lang: str) -> str:
        tally = Message("outcome.tally", {"yes": self.yes, "no": self.no, "abstain": self.abstain})
        if self.outcome == "deferred":
            if not self.voted:
                return t("outcome.deferred", lang)
            return t("outcome.deferred_after_vote", lang, tally=tally)
        if self.outcome == "no_vote":
            return t("outcome.not_voted" if self.votable else "outcome.not_votable", lang)
        item_short = self.quorum_rule is not None and not self.quorum_rule.met(
            self.quorum_present, self.quorum_total
        )
        if self.outcome == "invalid" and not item_short:
            return t("outcome.meeting_inquorate", lang, tally=tally)
        if self.outcome == "invalid" and self.quorum_rule is not None:
            return t(
                "outcome.item_inquorate",
                lang,
                tally=tally,
                present=self.quorum_present,
                total=self.quorum_total,
                need=threshold_words(self.quorum_rule, lang),
                required=self.quorum_required,
            )
        assert self.pass_rule is not None
        if self.outcome not in ("passed", "rejected"):
            raise KeyError(self.outcome)
        return t(
            "outcome.decided",
            lang,
            tally=tally,
            base=base_words(self.pass_rule.of, self.base, lang),
            need=threshold_words(self.pass_rule, lang),
            required=self.required,
            verdict=Message(f"outcome.verdict.{self.outcome}"),
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
