"""The rules of a body (议事规则): the TOML schema, the loader with file:line problems, and
the typed model the rest of yishi works with. Thresholds use exact fractions."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path as FsPath
from typing import Any

from yishi import toml_read as tomllib
from yishi.errors import InputError, RulesError
from yishi.schema import (
    SLUG,
    Amount,
    Bool,
    Int,
    List,
    MapOf,
    Problem,
    Str,
    Table,
    dotted,
    parse_fraction,
    unknown_key,
)
from yishi.schema import Threshold as ThresholdNode
from yishi.toml_locate import Locator

MAX_RULES_BYTES = 1024 * 1024
BASES = ("members", "eligible", "present", "cast")
QUORUM_BASES = ("members", "eligible")
OPINIONS = ("agree", "disagree", "defer")
METHODS = ("oral", "hands", "secret", "roll_call")
PERIODS = ("month", "quarter", "half_year", "year")
ORDERS = ("any", "reverse_rank", "rank")
PLACEHOLDERS = ("short", "year", "seq", "body", "type")
DEFAULT_NUMBER_FORMAT = "〔{year}〕{seq}号"
DAY_COUNTS = ("calendar", "working")

REPORT = Table(
    {
        "name": Str("the report, e.g. 会议方案, 情况报告", max_length=100),
        "before_days": Int("due N days (day_count) before the meeting", minimum=0, maximum=365),
        "after_days": Int(
            "due within N days (day_count) after the meeting", minimum=0, maximum=365
        ),
        "to": Str("who receives it, e.g. 上级党组织", max_length=200),
    },
    required=("name",),
    description="a report the body sends before or after the meeting",
)

_slug = Str(pattern=SLUG, max_length=64)
_slugs = List(Str(pattern=SLUG, max_length=64))
_names = List(Str(max_length=200))

BODY = Table(
    {
        "id": Str("ascii slug, unique", pattern=SLUG, max_length=64),
        "name": Str("full name, e.g. 中共白城市人民政府办公室党组"),
        "short": Str("short name used in minutes numbers and headers"),
        "source": Str("the document the rules come from, cited in findings"),
        "office": Str("issuing office printed on minutes (default: name)"),
        "distribution": List(Str(), "分送: who receives the minutes"),
        "fonts": Table(
            {
                role: List(
                    Str(max_length=100),
                    f"fonts for {what}, most wanted first (yishi's fallbacks follow)",
                )
                for role, what in (
                    ("fangsong", "the body text (仿宋_GB2312)"),
                    ("heiti", "headings (黑体)"),
                    ("kaiti", "level-2 headings (楷体)"),
                    ("title", "the 纪要标志 and titles (方正小标宋简体)"),
                    ("songti", "page numbers (宋体)"),
                )
            },
            description="fonts of the printed minutes (docs/minutes.md)",
        ),
    },
    required=("id", "name", "short"),
    description="the body (党组, 党委, 办公会 ...)",
)

MEMBER = Table(
    {
        "id": Str("ascii slug, unique", pattern=SLUG, max_length=64),
        "name": Str("name, unique", max_length=50),
        "rank": Int("排序: 1 = first", minimum=1, maximum=999),
        "roles": List(Str(pattern=SLUG, max_length=64), "roles, e.g. secretary, deputy"),
        "in_charge": List(Str(max_length=100), "分管 areas, matched against an item's area"),
        "title": Str("职务, printed in minutes", max_length=100),
    },
    required=("id", "name", "rank"),
)

FREQUENCY = Table(
    {
        "min": Int(minimum=1, maximum=366),
        "per": Str(enum=PERIODS),
    },
    required=("min", "per"),
    description="how often it must meet",
)

MEETING_TYPE = Table(
    {
        "name": Str("e.g. 党组会议"),
        "chair": Str("a role or a member id; the chair speaks last", pattern=SLUG),
        "chair_delegates": _slugs,
        "members": List(
            Str(pattern=SLUG, max_length=64),
            "应到会成员 of this meeting type (member ids); default: all members",
        ),
        "quorum": ThresholdNode(
            QUORUM_BASES,
            description="meeting quorum (半数以上 = at_least 1/2); "
            "absent: this type has no quorum rule (专题会议)",
        ),
        "frequency": FREQUENCY,
        "notice_days": Int(
            "agenda and materials reach members N days before", minimum=0, maximum=365
        ),
        "first_item": Str("第一议题: the kind the first item must be", pattern=SLUG),
        "kinds": List(Str(pattern=SLUG), "item kinds allowed in this meeting type"),
        "number_format": Str("minutes number, e.g. {short}纪〔{year}〕{seq}号"),
        "signer": Str("who signs (签发) the minutes: a role or a member id", pattern=SLUG),
        "notify": _names,
        "absent_statement": Bool(
            "members who did not attend (leave or absent) hand in a written statement (书面发言)"
        ),
        "absent_briefing": Bool(
            "members who did not attend are briefed after the meeting "
            "(会后转告缺席同志; yishi brief)"
        ),
        "minutes_title": Str("纪要标志, e.g. 中共XX局党组会议纪要"),
        "distribution": List(Str(), "分送 for this meeting type"),
        "minutes_review": Bool("纪要 circulated to the members for review before 签发"),
        "submit_days": Int("议题 (申报) reach the office N days before", minimum=0, maximum=365),
        "day_count": Str(
            "how notice_days/submit_days/reports count: calendar | working", enum=DAY_COUNTS
        ),
        "reports": List(
            REPORT, "reports due before/after the meeting (民主生活会 方案, 报告)", unique=False
        ),
        "contact": Str(
            "联系人 printed on the 会议通知, e.g. 办公室 王敏 0451-1234567", max_length=200
        ),
    },
    required=("name", "chair"),
)

ITEM_KIND = Table(
    {
        "name": Str("e.g. 干部任免"),
        "vote": Bool("whether items of this kind are voted"),
        "pass": ThresholdNode(BASES, description="yes votes needed to pass"),
        "quorum": ThresholdNode(QUORUM_BASES, description="overrides the meeting quorum"),
        "per_candidate": Bool("逐个表决: one vote per candidate"),
        "opinions": List(Str(enum=OPINIONS), "allowed stated opinions"),
        "opinion_order": Str("按排序从后往前: reverse_rank", enum=ORDERS),
        "opinions_required": Bool("every member present states an opinion (明确意见)"),
        "ad_hoc": Bool("whether ad-hoc items (临时动议) of this kind are allowed"),
        "materials_in_advance": Bool("whether materials are sent before the meeting"),
        "amount_at_least": Amount("items with amount >= this are of this kind"),
        "amount_more_than": Amount("items with amount > this are of this kind (以上，不含本数)"),
        "categories": List(
            Str(max_length=100),
            "the amount threshold applies only to items of "
            "these categories (item add --category), e.g. 固定资产",
        ),
        "frequency": Table(
            {
                "min": Int(minimum=1, maximum=366),
                "per": Str(enum=PERIODS),
            },
            required=("min", "per"),
            description="items of this kind at least min times per period (会前学法每年不少于6次)",
        ),
        "in_charge_present": Bool("the member in charge attends or gives a written opinion"),
        "notify": _names,
        "chair_last": Bool("overrides voting.chair_last for this kind"),
        "methods": List(Str(enum=METHODS), "voting methods allowed for this kind"),
        "reconsider": ThresholdNode(BASES, description="复议 consent for this kind"),
        "split_defer_margin": Int(minimum=0, maximum=999),
        "confidential": Bool("redacted in distribution copies of the minutes"),
        "major": Bool("a 三重一大 matter (counted apart in the annual report)"),
        "prerequisites": List(
            Str(max_length=100),
            "steps done before the item may be approved (调研论证, 合法性审查 ...)",
        ),
    },
    required=("name",),
)

VOTING = Table(
    {
        "chair_last": Bool("末位表态: the chair states an opinion last"),
        "absent_opinions_count": Bool("written opinions of absent members count as votes"),
        "methods": List(Str(enum=METHODS), "voting methods allowed", min_items=1),
        "split_defer_margin": Int(
            "|yes - no| <= margin: defer unless emergency", minimum=0, maximum=999
        ),
        "reconsider": ThresholdNode(BASES, description="复议 needs this consent"),
        "separate_items": Bool("逐项表决: every item voted on its own (default true)"),
    }
)

FOLLOW_UP = Table(
    {
        "office": Str("the office that follows decisions up (督办), printed on 督办通知单"),
        "due_soon_days": Int(
            "a task due within N days is 'due soon' (yellow)", minimum=0, maximum=365
        ),
    },
    description="督办: following decisions up after the meeting",
)

RULES_SCHEMA = Table(
    {
        "extends": Str("a rules file (relative path) this one adds meeting types and kinds to"),
        "body": BODY,
        "members": List(MEMBER, "应到会成员", unique=False, min_items=1),
        "meeting_types": MapOf(MEETING_TYPE, "meeting types by id", min_items=1),
        "item_kinds": MapOf(ITEM_KIND, "item kinds by id", min_items=1),
        "voting": VOTING,
        "follow_up": FOLLOW_UP,
    },
    required=("body", "members", "meeting_types", "item_kinds"),
)


def json_schema() -> dict[str, Any]:
    schema = RULES_SCHEMA.json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://yishi.invalid/schema/rules.json"
    schema["title"] = "yishi rules file (议事规则)"
    return schema


# ---------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Threshold:
    mode: str  # "at_least" | "more_than"
    fraction: Fraction
    of: str = "members"

    @classmethod
    def from_raw(cls, raw: dict[str, Any], default_of: str = "members") -> Threshold:
        mode = "at_least" if "at_least" in raw else "more_than"
        fraction = parse_fraction(raw[mode])
        assert fraction is not None, "validated before"
        return cls(mode, fraction, raw.get("of", default_of))

    def met(self, count: int, total: int) -> bool:
        p, q = self.fraction.numerator, self.fraction.denominator
        if self.mode == "at_least":
            return count * q >= total * p
        return count * q > total * p

    def required(self, total: int) -> int:
        """The smallest count that meets the threshold (may exceed total)."""
        p, q = self.fraction.numerator, self.fraction.denominator
        if self.mode == "at_least":
            return -((-total * p) // q)
        return (total * p) // q + 1

    def text(self) -> str:
        return f"{self.mode} {self.fraction.numerator}/{self.fraction.denominator} of {self.of}"


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    rank: int
    roles: tuple[str, ...] = ()
    in_charge: tuple[str, ...] = ()
    title: str = ""


@dataclass(frozen=True)
class Report:
    """A report a meeting type owes (e.g. 民主生活会 方案 10 days before, 情况报告 15 days
    after): exactly one of before_days / after_days."""

    name: str
    before_days: int | None = None
    after_days: int | None = None
    to: str = ""


@dataclass(frozen=True)
class MeetingType:
    id: str
    name: str
    chair: str
    quorum: Threshold | None  # None: no quorum rule (专题会议: attendance set by the chair)
    chair_delegates: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # empty: every member of the body
    frequency: tuple[int, str] | None = None
    notice_days: int | None = None
    first_item: str | None = None
    kinds: tuple[str, ...] = ()
    number_format: str = DEFAULT_NUMBER_FORMAT
    signer: str | None = None
    notify: tuple[str, ...] = ()
    absent_statement: bool = False
    absent_briefing: bool = False
    minutes_title: str | None = None
    distribution: tuple[str, ...] = ()
    minutes_review: bool = False
    submit_days: int | None = None
    day_count: str = "calendar"
    reports: tuple[Report, ...] = ()
    contact: str = ""


@dataclass(frozen=True)
class ItemKind:
    id: str
    name: str
    vote: bool = True
    pass_: Threshold | None = None
    quorum: Threshold | None = None
    per_candidate: bool = False
    opinions: tuple[str, ...] = OPINIONS
    opinion_order: str = "any"
    opinions_required: bool = False
    ad_hoc: bool = True
    materials_in_advance: bool = True
    amount_at_least: Fraction | None = None
    in_charge_present: bool = False
    notify: tuple[str, ...] = ()
    chair_last: bool | None = None
    methods: tuple[str, ...] = ()
    reconsider: Threshold | None = None
    split_defer_margin: int | None = None
    confidential: bool = False
    major: bool | None = None  # 三重一大; None: guessed from the id, name or amount
    amount_more_than: Fraction | None = None
    categories: tuple[str, ...] = ()
    frequency: tuple[int, str] | None = None

    def amount_reached(self, amount: Fraction) -> bool:
        """The amount reaches this kind's threshold (>= amount_at_least, > amount_more_than)."""
        if self.amount_at_least is not None and amount >= self.amount_at_least:
            return True
        return self.amount_more_than is not None and amount > self.amount_more_than

    @property
    def amount_bound(self) -> Fraction | None:
        """The threshold for ordering kinds by amount (the highest reached wins)."""
        bounds = [b for b in (self.amount_at_least, self.amount_more_than) if b is not None]
        return max(bounds) if bounds else None

    prerequisites: tuple[str, ...] = ()


@dataclass(frozen=True)
class Voting:
    chair_last: bool = True
    absent_opinions_count: bool = False
    methods: tuple[str, ...] = METHODS
    split_defer_margin: int | None = None
    reconsider: Threshold | None = None
    separate_items: bool = True


@dataclass(frozen=True)
class Body:
    id: str
    name: str
    short: str
    source: str = ""
    office: str = ""
    distribution: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rules:
    body: Body
    members: tuple[Member, ...]
    meeting_types: dict[str, MeetingType]
    item_kinds: dict[str, ItemKind]
    voting: Voting
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    # --- lookups used by recording, checking and rendering

    def members_of(self, type_id: str) -> tuple[Member, ...]:
        """The members expected at a meeting of this type (应到会), in rank order."""
        wanted = self.meeting_types[type_id].members
        if not wanted:
            return self.members
        return tuple(m for m in self.members if m.id in wanted)

    def member(self, member_id: str) -> Member:
        for member in self.members:
            if member.id == member_id:
                return member
        raise KeyError(member_id)

    def resolve_member(self, text: str) -> Member:
        return resolve_among(self.members, text)

    def holders(self, role_or_id: str) -> list[Member]:
        """Members that a `chair`/`signer` value names: the member with that id, or every
        member holding that role (in rank order)."""
        by_id = [m for m in self.members if m.id == role_or_id]
        if by_id:
            return by_id
        return sorted((m for m in self.members if role_or_id in m.roles), key=lambda m: m.rank)

    def signer_for(self, mtype: MeetingType, chair_id: str) -> Member | None:
        """Who signs (签发) a meeting's minutes: `signer` names a member id or a role, or
        `"chair"` (whoever chaired); without `signer`, the chair signs."""
        if mtype.signer in (None, "chair"):
            return self.member(chair_id) if chair_id in {m.id for m in self.members} else None
        holders = self.holders(mtype.signer)
        return holders[0] if holders else None

    def kind_for_amount(self, amount: Fraction, category: str = "") -> ItemKind | None:
        """The kind with the highest amount threshold (`amount_at_least`, `amount_more_than`)
        that the amount reaches. Kinds listing `categories` apply to items of those categories
        only, and for such an item they replace the kinds without categories (白城: 经费支出
        500元以上, but 固定资产采购 总价值超过1000元)."""
        amount_kinds = [k for k in self.item_kinds.values() if k.amount_bound is not None]
        specific = [k for k in amount_kinds if category and category in k.categories]
        pool = specific or [k for k in amount_kinds if not k.categories]
        best: ItemKind | None = None
        for kind in pool:
            if kind.amount_reached(amount):
                if best is None or (kind.amount_bound or 0) > (best.amount_bound or 0):
                    best = kind
        return best

    def chair_last_for(self, kind: ItemKind) -> bool:
        return self.voting.chair_last if kind.chair_last is None else kind.chair_last

    def methods_for(self, kind: ItemKind) -> tuple[str, ...]:
        return kind.methods or self.voting.methods

    def split_margin_for(self, kind: ItemKind) -> int | None:
        if kind.split_defer_margin is not None:
            return kind.split_defer_margin
        return self.voting.split_defer_margin

    def reconsider_for(self, kind: ItemKind) -> Threshold | None:
        return kind.reconsider or self.voting.reconsider


def resolve_among(members: tuple[Member, ...], text: str) -> Member:
    """A member by id, Chinese name or unique prefix of either; InputError (listing the
    candidates) when there is none or more than one."""
    text = text.strip()
    for member in members:
        if text in (member.id, member.name):
            return member
    matches = [m for m in members if text and (m.id.startswith(text) or m.name.startswith(text))]
    if len(matches) == 1:
        return matches[0]
    listing = "、".join(f"{m.name}({m.id})" for m in (matches or members))
    if matches:
        raise InputError("member.ambiguous", text=text, candidates=listing)
    raise InputError("member.unknown", text=text, candidates=listing)


def _threshold(raw: dict[str, Any] | None, default_of: str = "members") -> Threshold | None:
    return None if raw is None else Threshold.from_raw(raw, default_of)


def _amount(value: Any) -> Fraction | None:
    return None if value is None else Fraction(str(value))


def build(raw: dict[str, Any]) -> Rules:
    """The typed model of a merged, already validated rules document."""
    b = raw["body"]
    body = Body(
        b["id"],
        b["name"],
        b["short"],
        b.get("source", ""),
        b.get("office", ""),
        tuple(b.get("distribution", ())),
    )
    members = tuple(
        sorted(
            (
                Member(
                    m["id"],
                    m["name"],
                    m["rank"],
                    tuple(m.get("roles", ())),
                    tuple(m.get("in_charge", ())),
                    m.get("title", ""),
                )
                for m in raw["members"]
            ),
            key=lambda m: m.rank,
        )
    )
    types = {}
    for type_id, t in raw["meeting_types"].items():
        freq = t.get("frequency")
        types[type_id] = MeetingType(
            id=type_id,
            name=t["name"],
            chair=t["chair"],
            quorum=Threshold.from_raw(t["quorum"]) if "quorum" in t else None,
            chair_delegates=tuple(t.get("chair_delegates", ())),
            members=tuple(t.get("members", ())),
            frequency=(freq["min"], freq["per"]) if freq else None,
            notice_days=t.get("notice_days"),
            first_item=t.get("first_item"),
            kinds=tuple(t.get("kinds", ())),
            number_format=t.get("number_format", DEFAULT_NUMBER_FORMAT),
            signer=t.get("signer"),
            notify=tuple(t.get("notify", ())),
            absent_statement=t.get("absent_statement", False),
            absent_briefing=t.get("absent_briefing", False),
            minutes_title=t.get("minutes_title"),
            distribution=tuple(t.get("distribution", ())),
            minutes_review=t.get("minutes_review", False),
            submit_days=t.get("submit_days"),
            day_count=t.get("day_count", "calendar"),
            reports=tuple(
                Report(r["name"], r.get("before_days"), r.get("after_days"), r.get("to", ""))
                for r in t.get("reports", ())
            ),
            contact=t.get("contact", ""),
        )
    kinds = {}
    for kind_id, k in raw["item_kinds"].items():
        kinds[kind_id] = ItemKind(
            id=kind_id,
            name=k["name"],
            vote=k.get("vote", True),
            pass_=_threshold(k.get("pass")),
            quorum=_threshold(k.get("quorum")),
            per_candidate=k.get("per_candidate", False),
            opinions=tuple(k.get("opinions", OPINIONS)),
            opinion_order=k.get("opinion_order", "any"),
            opinions_required=k.get("opinions_required", False),
            ad_hoc=k.get("ad_hoc", True),
            materials_in_advance=k.get("materials_in_advance", True),
            amount_at_least=_amount(k.get("amount_at_least")),
            in_charge_present=k.get("in_charge_present", False),
            notify=tuple(k.get("notify", ())),
            chair_last=k.get("chair_last"),
            methods=tuple(k.get("methods", ())),
            reconsider=_threshold(k.get("reconsider")),
            split_defer_margin=k.get("split_defer_margin"),
            confidential=k.get("confidential", False),
            major=k.get("major"),
            amount_more_than=_amount(k.get("amount_more_than")),
            categories=tuple(k.get("categories", ())),
            frequency=(
                (k["frequency"]["min"], k["frequency"]["per"]) if k.get("frequency") else None
            ),
            prerequisites=tuple(k.get("prerequisites", ())),
        )
    v = raw.get("voting", {})
    voting = Voting(
        chair_last=v.get("chair_last", True),
        absent_opinions_count=v.get("absent_opinions_count", False),
        methods=tuple(v.get("methods", METHODS)),
        split_defer_margin=v.get("split_defer_margin"),
        reconsider=_threshold(v.get("reconsider")),
        separate_items=v.get("separate_items", True),
    )
    return Rules(body, members, types, kinds, voting, raw)


# ---------------------------------------------------------------------------- semantics


def _tables(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(v, dict)}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def semantic_problems(raw: dict[str, Any]) -> list[Problem]:
    """Cross-reference checks. Defensive: runs beside shape problems, skipping bad shapes,
    so that one `rules check` reports everything at once."""
    out: list[Problem] = []
    members = [m if isinstance(m, dict) else {} for m in _list(raw.get("members"))]
    for attr, code in (
        ("id", "DUPLICATE_ID"),
        ("name", "DUPLICATE_NAME"),
        ("rank", "DUPLICATE_RANK"),
    ):
        seen: dict[Any, int] = {}
        for index, member in enumerate(members):
            value = member.get(attr)
            if not isinstance(value, str | int) or isinstance(value, bool):
                continue
            if value in seen:
                out.append(
                    Problem(
                        (("members", index, attr)),
                        code,
                        "rules.duplicate_member",
                        {"attr": attr, "value": value, "first": seen[value] + 1},
                    )
                )
            else:
                seen[value] = index
    roles = {r for m in members for r in _list(m.get("roles")) if isinstance(r, str)}
    member_ids = {m["id"] for m in members if isinstance(m.get("id"), str)}
    kinds = _tables(raw.get("item_kinds"))

    def ref(path: tuple[str | int, ...], value: Any) -> None:
        value = _str(value)
        if value is None or value in member_ids or value in roles:
            return
        out.append(unknown_ref(path, value, sorted(member_ids | roles), "member_or_role"))

    def kind_ref(path: tuple[str | int, ...], value: Any) -> None:
        value = _str(value)
        if value is not None and value not in kinds:
            out.append(unknown_ref(path, value, sorted(kinds), "kind"))

    for type_id, mtype in _tables(raw.get("meeting_types")).items():
        base = ("meeting_types", type_id)
        ref(base + ("chair",), mtype.get("chair"))
        if mtype.get("signer") != "chair":  # "chair": whoever chaired signs
            ref(base + ("signer",), mtype.get("signer"))
        for index, delegate in enumerate(_list(mtype.get("chair_delegates"))):
            ref(base + ("chair_delegates", index), delegate)
        for index, member_id in enumerate(_list(mtype.get("members"))):
            if isinstance(member_id, str) and member_id not in member_ids:
                out.append(
                    unknown_ref(base + ("members", index), member_id, sorted(member_ids), "member")
                )
        kind_ref(base + ("first_item",), mtype.get("first_item"))
        allowed = _list(mtype.get("kinds"))
        for index, kind in enumerate(allowed):
            kind_ref(base + ("kinds", index), kind)
        first = _str(mtype.get("first_item"))
        if allowed and first in kinds and first not in allowed:
            out.append(
                Problem(
                    base + ("first_item",),
                    "UNKNOWN_REF",
                    "rules.first_item_not_allowed",
                    {"kind": first},
                )
            )
        seen_reports: set[str] = set()
        for index, report in enumerate(_list(mtype.get("reports"))):
            if not isinstance(report, dict):
                continue
            when = [k for k in ("before_days", "after_days") if k in report]
            if len(when) != 1:
                out.append(
                    Problem(
                        base + ("reports", index),
                        "CONFLICT",
                        "rules.report_when",
                        {},
                        at_value=False,
                    )
                )
            name = _str(report.get("name"))
            if name is not None and name in seen_reports:
                out.append(
                    Problem(
                        base + ("reports", index, "name"),
                        "DUPLICATE",
                        "rules.duplicate_entry",
                        {"value": name},
                    )
                )
            seen_reports.add(name or "")
        fmt = _str(mtype.get("number_format"))
        if fmt is not None:
            out.extend(_number_format_problems(fmt, base + ("number_format",)))
    amounts: dict[tuple[str, Fraction, tuple[str, ...]], str] = {}
    voting: dict[str, Any] = raw["voting"] if isinstance(raw.get("voting"), dict) else {}
    voting_methods = _list(voting.get("methods"))
    for kind_id, kind in kinds.items():
        base = ("item_kinds", kind_id)
        votes = kind.get("vote", True) is not False
        if votes and "pass" not in kind:
            out.append(
                Problem(
                    base, "MISSING_KEY", "rules.pass_required", {"kind": kind_id}, at_value=False
                )
            )
        if not votes:
            for key in ("pass", "per_candidate", "methods", "reconsider"):
                if kind.get(key) not in (False, None):
                    out.append(
                        Problem(
                            base + (key,),
                            "CONFLICT",
                            "rules.vote_false_key",
                            {"key": key},
                            at_value=False,
                        )
                    )
        if "amount_at_least" in kind and "amount_more_than" in kind:
            out.append(
                Problem(
                    base + ("amount_more_than",),
                    "CONFLICT",
                    "rules.amount_both",
                    {},
                    at_value=False,
                )
            )
        cats = tuple(sorted(c for c in _list(kind.get("categories")) if isinstance(c, str)))
        for amount_key in ("amount_at_least", "amount_more_than"):
            amount = kind.get(amount_key)
            if (
                isinstance(amount, int | float)
                and not isinstance(amount, bool)
                and amount > 0
                and amount == amount
                and amount != float("inf")
            ):
                value = (amount_key, Fraction(str(amount)), cats)
                if value in amounts:
                    out.append(
                        Problem(
                            base + (amount_key,),
                            "CONFLICT",
                            "rules.amount_twice",
                            {"other": amounts[value]},
                        )
                    )
                amounts[value] = kind_id
        if cats and "amount_at_least" not in kind and "amount_more_than" not in kind:
            out.append(
                Problem(
                    base + ("categories",),
                    "CONFLICT",
                    "rules.categories_without_amount",
                    {},
                    at_value=False,
                )
            )
        if kind.get("in_charge_present") is True and not any(m.get("in_charge") for m in members):
            out.append(
                Problem(
                    base + ("in_charge_present",),
                    "UNKNOWN_REF",
                    "rules.nobody_in_charge",
                    {},
                    severity="warning",
                )
            )
        for index, name in enumerate(_list(kind.get("prerequisites"))):
            if isinstance(name, str) and re.search(r"[,，、;；\s]", name):
                out.append(
                    Problem(
                        base + ("prerequisites", index),
                        "BAD_VALUE",
                        "rules.prerequisite_separator",
                        {"value": name},
                    )
                )
        if kind.get("opinion_order") in ("reverse_rank", "rank") and kind.get("opinions") == []:
            out.append(
                Problem(base + ("opinions",), "CONFLICT", "rules.order_without_opinions", {})
            )
        if voting_methods:
            for index, method in enumerate(_list(kind.get("methods"))):
                if isinstance(method, str) and method in METHODS and method not in voting_methods:
                    out.append(
                        Problem(
                            base + ("methods", index),
                            "CONFLICT",
                            "rules.method_not_in_voting",
                            {"method": method},
                        )
                    )
    return out


def unknown_ref(path: tuple[str | int, ...], value: str, known: list[str], what: str) -> Problem:
    import difflib

    hint = difflib.get_close_matches(value, known, n=1)
    return Problem(
        path,
        "UNKNOWN_REF",
        f"rules.unknown_{what}",
        {"value": value, "known": ", ".join(known), "hint": hint[0] if hint else ""},
    )


def _number_format_problems(fmt: str, path: tuple[str | int, ...]) -> list[Problem]:
    try:
        fields = [name for _, name, spec, conv in string.Formatter().parse(fmt) if name is not None]
    except ValueError as exc:
        return [Problem(path, "BAD_FORMAT", "rules.format_syntax", {"error": str(exc)})]
    problems = []
    for name in fields:
        if name not in PLACEHOLDERS:
            problems.append(
                Problem(
                    path,
                    "BAD_FORMAT",
                    "rules.format_placeholder",
                    {"name": name, "allowed": ", ".join("{" + p + "}" for p in PLACEHOLDERS)},
                )
            )
    # plain placeholders only: a spec or conversion ({seq:q}, {seq:>20000000}) can fail at
    # issue or make a number of any length (see yishi.numbering.format_problem)
    for _, found, spec, conv in string.Formatter().parse(fmt):
        if found is not None and found in PLACEHOLDERS and (spec or conv):
            shown = "{" + found + ("!" + conv if conv else "") + (":" + spec if spec else "") + "}"
            problems.append(
                Problem(
                    path, "BAD_FORMAT", "rules.format_spec", {"field": shown[:40], "name": found}
                )
            )
    if "seq" not in fields:
        problems.append(Problem(path, "BAD_FORMAT", "rules.format_no_seq", {}))
    return problems


# ---------------------------------------------------------------------------- files


@dataclass
class LocatedProblem:
    file: str
    line: int
    col: int
    code: str
    key: str
    params: dict[str, Any]
    severity: str = "error"
    path: str = ""  # the key path it is about (`meeting_types.party_group.notice_days`)

    def message(self, lang: str) -> str:
        from yishi.i18n import t

        return t(self.key, lang, **self.params)

    def text(self, lang: str) -> str:
        """The message, led by the key path it is about."""
        return f"{self.path}: {self.message(lang)}" if self.path else self.message(lang)


@dataclass
class _Source:
    path: str
    text: str
    data: dict[str, Any]
    locator: Locator


def _read(path: FsPath, display: str) -> tuple[_Source | None, list[LocatedProblem]]:
    def problem(code: str, key: str, line: int = 1, col: int = 1, **params: Any):
        return None, [LocatedProblem(display, line, col, code, key, params)]

    from yishi.safeio import NotRegular, TooLarge, read_regular

    try:  # a FIFO or /dev/zero named *.toml must neither hang nor fill memory
        raw = read_regular(path, MAX_RULES_BYTES)
    except TooLarge as exc:
        return problem("TOO_LARGE", "rules.too_large", size=exc.size, max=MAX_RULES_BYTES)
    except (IsADirectoryError, NotRegular):
        return problem("NOT_A_FILE", "rules.not_a_file")
    except (ValueError, RuntimeError) as exc:  # a NUL in the name; a symlink loop
        return problem("UNREADABLE", "rules.unreadable", error=str(exc))
    except OSError as exc:
        return problem("UNREADABLE", "rules.unreadable", error=exc.strerror or str(exc))
    if not raw.strip():
        return problem("EMPTY", "rules.empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return problem("ENCODING", "rules.encoding", line, col, offset=exc.start)
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        return problem("ENCODING", "rules.nul", text[: text.index("\x00")].count("\n") + 1)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        line, col = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        return problem("SYNTAX", "rules.syntax", line, col, error=reason)
    except RecursionError:
        return problem("SYNTAX", "rules.syntax", error="nesting too deep")
    return _Source(display, text, data, Locator(text)), []


def _merge(base: dict[str, Any], child: dict[str, Any]) -> list[tuple[tuple[str, ...], str]]:
    """Merge `child` into `base` in place; return the (path, key) pairs defined twice."""
    clashes: list[tuple[tuple[str, ...], str]] = []
    for key, value in child.items():
        if key == "extends":
            continue
        if key in ("meeting_types", "item_kinds") and isinstance(value, dict):
            target = base.setdefault(key, {})
            if not isinstance(target, dict):
                clashes.append(((key,), key))
                continue
            for sub, sub_value in value.items():
                if sub in target:
                    clashes.append(((key, sub), sub))
                target[sub] = sub_value
        elif key in base:
            clashes.append(((key,), key))
        else:
            base[key] = value
    return clashes


def check_file(path: str | FsPath) -> tuple[dict[str, Any] | None, list[LocatedProblem]]:
    """Every problem in one rules file (and the files it extends), located.

    Returns the merged document (None if it is unusable) and the problems, sorted.
    """
    path = FsPath(path)
    chain: list[_Source] = []
    problems: list[LocatedProblem] = []
    current, display = path, str(path)
    seen: set[FsPath] = set()
    while True:
        source, read_problems = _read(current, display)
        problems += read_problems
        if source is None:
            break
        chain.append(source)
        parent = source.data.get("extends")
        if not isinstance(parent, str):
            break
        line, col = source.locator.locate(("extends",), value=True)
        try:  # a NUL byte, an over-long name or a symlink loop: a path no file can have
            target = (current.parent / parent).resolve()
            is_file = target.is_file()
        except (OSError, ValueError, RuntimeError):
            target, is_file = current, False
        if is_file and (target in seen or target == current.resolve() or len(chain) > 8):
            problems.append(
                LocatedProblem(
                    display,
                    line,
                    col,
                    "EXTENDS",
                    "rules.extends_cycle",
                    {"path": parent},
                    path="extends",
                )
            )
            break
        if not is_file:
            problems.append(
                LocatedProblem(
                    display,
                    line,
                    col,
                    "EXTENDS",
                    "rules.extends_missing",
                    {"path": parent},
                    path="extends",
                )
            )
            break
        seen.add(current.resolve())
        current, display = target, str(FsPath(display).parent / parent)
    if not chain:
        return None, problems

    # base first, then each child on top; remember which file defined which table
    merged: dict[str, Any] = {}
    owner: dict[tuple[str, ...], _Source] = {}
    for source in reversed(chain):
        shallow = {k: v for k, v in source.data.items()}
        for clash_path, _key in _merge(merged, shallow):
            line, col = source.locator.locate(clash_path)
            problems.append(
                LocatedProblem(
                    source.path,
                    line,
                    col,
                    "DUPLICATE",
                    "rules.defined_twice",
                    {"key": ".".join(clash_path)},
                    path=".".join(clash_path),
                )
            )
        for key, value in source.data.items():
            owner.setdefault((key,), source)
            if key in ("meeting_types", "item_kinds") and isinstance(value, dict):
                for sub in value:
                    owner[(key, sub)] = source
    if "extends" in chain[0].data:
        merged["extends"] = chain[0].data["extends"]

    def place(problem: Problem) -> LocatedProblem:
        src = (
            owner.get(tuple(str(p) for p in problem.path[:2]))
            or owner.get(tuple(str(p) for p in problem.path[:1]))
            or chain[0]
        )
        line, col = src.locator.locate(problem.path, value=problem.at_value)
        about = problem.path  # a missing key is named by where it should be
        if problem.key == "rules.missing_key":
            about = about + (problem.params["key"],)
        elif problem.key == "rules.pass_required":
            about = about + ("pass",)
        return LocatedProblem(
            src.path,
            line,
            col,
            problem.code,
            problem.key,
            problem.params,
            problem.severity,
            dotted(about),
        )

    shape: list[Problem] = []
    RULES_SCHEMA.validate(merged, (), shape)
    problems += [place(p) for p in shape]
    problems += [place(p) for p in semantic_problems(merged)]
    problems.sort(key=lambda p: (p.file, p.line, p.col, p.code))
    usable = not any(p.severity == "error" for p in problems)
    return (merged if usable else None), problems


def load(path: str | FsPath) -> Rules:
    """The rules in `path`, or RulesError listing every problem."""
    merged, problems = check_file(path)
    if merged is None:
        raise RulesError(str(path), [p for p in problems if p.severity == "error"])
    return build(merged)


_SNAPSHOTS: list[tuple[dict[str, Any], Rules]] = []


def from_snapshot(raw: dict[str, Any]) -> Rules:
    """Rules from the snapshot a meeting record keeps, validated again (the file may have
    been edited). The meetings of one body share a snapshot: an equal one seen before in
    this process is not validated and built twice (Rules is immutable)."""
    for seen, rules in _SNAPSHOTS:
        if seen == raw:
            return rules
    rules = _validated_snapshot(raw)
    import copy

    _SNAPSHOTS.insert(0, (copy.deepcopy(raw), rules))
    del _SNAPSHOTS[8:]
    return rules


def _validated_snapshot(raw: dict[str, Any]) -> Rules:
    problems: list[Problem] = []
    RULES_SCHEMA.validate(raw, (), problems)
    if not problems:
        problems = [p for p in semantic_problems(raw) if p.severity == "error"]
    if problems:
        raise RulesError("<snapshot>", problems)
    return build(raw)


__all__ = [
    "Rules",
    "Member",
    "MeetingType",
    "Report",
    "ItemKind",
    "Threshold",
    "Voting",
    "Body",
    "load",
    "check_file",
    "from_snapshot",
    "json_schema",
    "unknown_key",
    "LocatedProblem",
    "BASES",
    "OPINIONS",
    "METHODS",
]
