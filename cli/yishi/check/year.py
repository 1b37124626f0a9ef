"""A year of meetings: each body's meeting types held as often as the rules say
(`meeting_types.<type>.frequency`), and each item kind taken up as often
(`item_kinds.<kind>.frequency`, 会前学法每年不少于6次)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from yishi import record as rec
from yishi.check.registry import ERROR, YEAR, doc_of, register, rules_for
from yishi.check.results import Finding
from yishi.rules import Rules

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
    """2024年第2季度, 2024 Q2 (catalog words.period.*)."""
    from yishi.i18n import t

    if per not in ("month", "quarter", "half_year", "year"):
        raise KeyError(per)
    return t(f"words.period.{per}", lang, year=year, index=index, half="上" if index == 1 else "下")


class YearContext:
    """One body's year: its rules (those of its latest meeting), the meetings held in the
    year that count, and the periods already over."""

    def __init__(
        self, rules: Rules, held: list[rec.Meeting], year: int, today: dt.date | None
    ) -> None:
        self.rules = rules
        self.held = held
        self.year = year
        self.today = today
        self.source = rules.body.source or rules.body.name
        self.findings: list[Finding] = []

    def add(self, code: str, item: int | None, rule: str, **params: Any) -> None:
        doc = doc_of(code)
        self.findings.append(
            Finding(code, doc.severity, item, f"check.{code}", params, rule, self.source)
        )

    def periods(self, per: str) -> list[tuple[int, dt.date, dt.date]]:
        """The periods of the year judged: with `today`, only those ended before it."""
        return [p for p in periods(self.year, per) if self.today is None or p[2] < self.today]

    def labels(self, per: str, index: int) -> dict[str, str]:
        return {
            "period_zh": period_label(self.year, per, index, "zh"),
            "period_en": period_label(self.year, per, index, "en"),
        }


@register(
    "FREQUENCY",
    ERROR,
    rule="meeting_types.<type>.frequency",
    seeds="001 第十八条; 003 第十三条; 000 区政府党组 二(一); 001 第二十七条(一)",
    per=YEAR,
    stage=YEAR,
)
def frequency(ctx: YearContext) -> None:
    for type_id, mtype in ctx.rules.meeting_types.items():
        if mtype.frequency is None:
            continue
        minimum, per = mtype.frequency
        for index, start, end in ctx.periods(per):
            count = sum(1 for m in ctx.held if m.type == type_id and start <= m.date <= end)
            if count < minimum:
                ctx.add(
                    "FREQUENCY",
                    None,
                    f"meeting_types.{type_id}.frequency",
                    body=ctx.rules.body.name,
                    type=mtype.name,
                    count=count,
                    min=minimum,
                    **ctx.labels(per, index),
                )


@register(
    "KIND_FREQUENCY",
    ERROR,
    rule="item_kinds.<kind>.frequency",
    seeds="000 局党组工作规则 第二十一条 (会前学法每年不少于6次); 000 局党组工作规则 第六条",
    per=YEAR,
    stage=YEAR,
)
def kind_frequency(ctx: YearContext) -> None:
    for kind_id, kind in ctx.rules.item_kinds.items():
        if kind.frequency is None:
            continue
        minimum, per = kind.frequency
        for index, start, end in ctx.periods(per):
            count = sum(
                1
                for m in ctx.held
                if start <= m.date <= end
                for i in m.items
                if kind_id in (i.kind, i.amount_kind)
            )
            if count < minimum:
                ctx.add(
                    "KIND_FREQUENCY",
                    None,
                    f"item_kinds.{kind_id}.frequency",
                    body=ctx.rules.body.name,
                    kind=kind.name,
                    count=count,
                    min=minimum,
                    **ctx.labels(per, index),
                )


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
    year_rules = sorted(rules_for(YEAR, (YEAR,)), key=lambda r: _rank(r.codes[0]))
    for body_id in sorted(by_body):
        held = by_body[body_id]
        in_year = [m for m in held if m.year == year]
        latest = max(in_year or held, key=lambda m: (m.date, m.id))
        # a meeting that lacks its own quorum decides nothing and does not count (SPEC §1)
        held_year = [
            m
            for m in in_year
            if m.quorate() and (not closed_only or m.state in (rec.CLOSED, rec.ISSUED))
        ]
        ctx = YearContext(latest.rules, held_year, year, today)
        for rule in year_rules:
            rule.fn(ctx)
        findings += ctx.findings
    return findings


def _rank(code: str) -> int:
    from yishi.check.registry import sort_rank

    return sort_rank()[code]


__all__ = ["evaluate_year", "periods", "period_label", "YearContext", "ERROR"]
