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
from yishi.message import Keyed
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
    defaults_of,
    dotted,
    key,
    keys_of,
    node_of,
    parse_fraction,
    unknown_key,
)
from yishi.schema import Threshold as ThresholdNode
from yishi.schema import build as build_model
from yishi.schema import dump as dump_model
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


_slug = Str(pattern=SLUG, max_length=64)
_slugs = List(Str(pattern=SLUG, max_length=64))
_names = List(Str(max_length=200))
_days = Int(minimum=0, maximum=365)


# ---------------------------------------------------------------------------- model
#
# Each rules key is one field below: `key(node, doc, default=..., zh=..., seed=...)`. The
# schema (RULES_SCHEMA), build(), the defaults `rules diff` fills in and the key tables of
# docs/rules.md (`make docs`) are derived from these fields. A new key is one field here.


@dataclass(frozen=True)
class Threshold:
    """A threshold: `at_least` or `more_than` a fraction `p/q` of a base (`of`)."""

    mode: str  # "at_least" | "more_than"
    fraction: Fraction
    of: str = "members"

    @classmethod
    def from_raw(cls, raw: dict[str, Any], default_of: str = "members") -> Threshold:
        mode = "at_least" if "at_least" in raw else "more_than"
        fraction = parse_fraction(raw[mode])
        assert fraction is not None, "validated before"
        return cls(mode, fraction, raw.get("of", default_of))

    def raw(self) -> dict[str, Any]:
        """The TOML table this threshold is written as (from_raw's inverse)."""
        return {self.mode: f"{self.fraction.numerator}/{self.fraction.denominator}", "of": self.of}

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


def _threshold(bases: tuple[str, ...], doc: str, **more: Any) -> Any:
    return key(
        ThresholdNode(bases), doc, convert=Threshold.from_raw, unconvert=Threshold.raw, **more
    )


def _frequency(doc: str, **more: Any) -> Any:
    node = Table({"min": Int(minimum=1, maximum=366), "per": Str(enum=PERIODS)}, ("min", "per"))
    return key(
        node,
        doc,
        convert=lambda f: (f["min"], f["per"]),
        unconvert=lambda f: {"min": f[0], "per": f[1]},
        **more,
    )


def _fonts(what: str) -> Any:
    doc = f"fonts for {what}, most wanted first (yishi's fallbacks follow)"
    return key(List(Str(max_length=100)), doc, default=[])


@dataclass(frozen=True)
class Fonts:
    """`[body.fonts]`: the fonts of each role of the printed minutes."""

    fangsong: tuple[str, ...] = _fonts("the body text (仿宋_GB2312)")
    heiti: tuple[str, ...] = _fonts("headings (黑体)")
    kaiti: tuple[str, ...] = _fonts("level-2 headings (楷体)")
    title: tuple[str, ...] = _fonts("the 纪要标志 and titles (方正小标宋简体)")
    songti: tuple[str, ...] = _fonts("page numbers (宋体)")


@dataclass(frozen=True)
class Body:
    """`[body]`: the body whose rules these are."""

    id: str = key(
        Str(pattern=SLUG, max_length=64), "unique id (ascii slug)", required=True, zh="标识"
    )
    name: str = key(Str(), "full name (中共XX局党组)", required=True, zh="名称")
    short: str = key(
        Str(), "used in minutes numbers (`{short}`) and headers", required=True, zh="简称"
    )
    source: str = key(
        Str(),
        "the rules document, cited by every finding of `yishi check`",
        default="",
        zh="规则来源",
    )
    office: str = key(
        Str(),
        "issuing office on the minutes (default: `name`)",
        default="",
        extension=True,
        zh="印发机关",
    )
    distribution: tuple[str, ...] = key(
        List(Str()), "分送 line of the minutes", default=[], extension=True, zh="分送范围"
    )
    fonts: Fonts = key(
        None,
        "fonts of the printed minutes, by role, most wanted first (see docs/minutes.md)",
        model=Fonts,
        default={},
        extension=True,
    )


@dataclass(frozen=True)
class Member:
    """`[[members]]`: one member of the body (应到会成员)."""

    id: str = key(Str(pattern=SLUG, max_length=64), "ascii slug, unique", required=True, zh="标识")
    name: str = key(Str(max_length=50), "name, unique", required=True, zh="名称")
    rank: int = key(Int(minimum=1, maximum=999), "排序: 1 first, unique", required=True, zh="排序")
    roles: tuple[str, ...] = key(
        List(Str(pattern=SLUG, max_length=64)),
        "roles, e.g. `secretary`, `deputy`, `member`; free-form",
        default=[],
        zh="角色",
    )
    in_charge: tuple[str, ...] = key(
        List(Str(max_length=100)),
        "分管 areas, matched against an item's `--area`",
        default=[],
        zh="分管领域",
    )
    title: str = key(
        Str(max_length=100), "职务 printed in minutes", default="", extension=True, zh="职务"
    )


@dataclass(frozen=True)
class Report:
    """A report a meeting type owes (e.g. 民主生活会 方案 10 days before, 情况报告 15 days
    after): exactly one of before_days / after_days."""

    name: str = key(Str(max_length=100), "the report, e.g. 会议方案, 情况报告", required=True)
    before_days: int | None = key(_days, "due N days (`day_count`) before the meeting")
    after_days: int | None = key(_days, "due within N days (`day_count`) after the meeting")
    to: str = key(Str(max_length=200), "who receives it, e.g. 上级党组织", default="")


@dataclass(frozen=True)
class MeetingType:
    """`[meeting_types.ID]`: a kind of meeting (党组会议, 局长办公会议 ...)."""

    id: str
    name: str = key(Str(), "党组会议, 局长办公会议, 民主生活会 ...", required=True, zh="名称")
    chair: str = key(
        Str(pattern=SLUG), "a role or member id; the chair speaks last", required=True, zh="主持人"
    )
    chair_delegates: tuple[str, ...] = key(
        _slugs,
        "roles/ids who may chair when the chair cannot "
        "(党组书记不能参加会议的，可以委托分管党建工作的党组成员召集并主持)",
        default=[],
        extension=True,
        zh="受委托主持人",
    )
    members: tuple[str, ...] = key(
        List(Str(pattern=SLUG, max_length=64)),
        "the member ids expected at this meeting type (应到会); default all. One body file can "
        "then hold a 党组 (党组成员) and a 局长办公会议 (all 班子成员)",
        default=[],
        extension=True,
        zh="应到会成员",
    )
    quorum: Threshold | None = _threshold(
        QUORUM_BASES,
        "threshold of members present when the meeting opens (late arrivals, `attend "
        "--from-item N`, count for their items only). Optional: without it the type has no "
        "quorum rule (专题会议: 出席人员由会议主持人确定). A meeting that lacks its own quorum "
        "decides nothing: every vote in it is `invalid` and it does not count toward `frequency`",
        zh="到会人数",
    )
    frequency: tuple[int, str] | None = _frequency(
        '`{ min = 1, per = "month" }`; per: month, quarter, half_year, year', zh="召开频次"
    )
    notice_days: int | None = key(
        _days, "agenda and materials reach members N days before", zh="会前通知天数"
    )
    first_item: str | None = key(
        Str(pattern=SLUG), "第一议题: the kind the first item must be", zh="第一议题"
    )
    kinds: tuple[str, ...] = key(
        List(Str(pattern=SLUG)),
        "the item kinds this meeting type takes (others are refused)",
        default=[],
        extension=True,
        zh="议事范围",
    )
    number_format: str = key(
        Str(),
        "minutes number; `{short}`, `{year}`, `{seq}` (required), `{body}`, `{type}`",
        default=DEFAULT_NUMBER_FORMAT,
        zh="纪要编号格式",
    )
    signer: str = key(
        Str(pattern=SLUG),
        'who signs (签发) the minutes: a role, a member id, or `"chair"` for whoever chaired',
        default="chair",
        zh="纪要签发人",
    )
    notify: tuple[str, ...] = key(
        _names,
        "organisations told before the meeting (提前告知派驻纪检监察组, 提前向省委报告)",
        default=[],
        extension=True,
        zh="事先告知单位",
    )
    absent_statement: bool = key(
        Bool(),
        "members who did not attend — on leave or absent — hand in a written statement "
        "(民主生活会: 因故缺席的党组成员，应提交书面发言): `leave M --opinion T`, "
        "`absent M --opinion T`",
        default=False,
        extension=True,
        zh="缺席成员书面发言",
    )
    absent_briefing: bool = key(
        Bool(),
        "members who did not attend are briefed afterwards (会后……转告缺席同志; "
        "会议主持人指定党组成员向其通报情况), recorded with `yishi brief M [--by B] [--date D]`; a "
        "warning (`BRIEFING_MISSING`) until then",
        default=False,
        extension=True,
        zh="会后转告缺席成员",
    )
    minutes_title: str | None = key(
        Str(),
        "纪要标志, default body name + type name + 纪要",
        extension=True,
        zh="纪要标题",
    )
    distribution: tuple[str, ...] = key(
        List(Str()), "分送 for this type's minutes", default=[], extension=True, zh="分送范围"
    )
    minutes_review: bool = key(
        Bool(),
        "SPEC §7: the draft 纪要 is circulated to every member of the meeting type before 签发; "
        "`yishi review MEMBER` records each review and `issue` waits for all of them (or "
        "`--force`, logged) — see [follow-up.md](follow-up.md)",
        default=False,
        seed="辽宁 第二十五条 党组会议纪要经征求党组成员意见，由党组书记签发",
        zh="纪要签发前征求意见",
    )
    submit_days: int | None = key(
        _days,
        "议题 (议题申报) reach the office N days before; checked as `PROPOSAL_LATE`",
        seed="局委员会: 议题申报表……在会前2天书面提交办公室",
        zh="议题报送天数",
    )
    day_count: str = key(
        Str(enum=DAY_COUNTS),
        '`"calendar"` or `"working"`: how `notice_days`, `submit_days` and `reports` count '
        '(see "N days before" below)',
        default="calendar",
        zh="期限计算方式",
    )
    reports: tuple[Report, ...] = key(
        List(Str(), unique=False),
        'reports the meeting owes: `[{ name = "民主生活会方案", before_days = 10, to = '
        '"上级党组织" }, { name = "会议情况报告和会议记录", after_days = 15 }]`, exactly one of '
        "`before_days` / `after_days`; listed by `yishi due`, marked sent by `yishi reported NAME`",
        model=Report,
        default=[],
        diff_as_added=True,
        zh="报告报送",
    )
    contact: str = key(
        Str(max_length=200),
        "联系人 printed on the 会议通知 (`yishi plan --contact` overrides it)",
        default="",
        extension=True,
        zh="会议通知联系人",
    )


@dataclass(frozen=True)
class ItemKind:
    """`[item_kinds.ID]`: a kind of item (干部任免, 大额资金使用 ...)."""

    id: str
    name: str = key(Str(), "干部任免, 大额资金使用 ...", required=True, zh="名称")
    vote: bool = key(Bool(), "whether items of this kind are voted", default=True, zh="是否表决")
    pass_: Threshold | None = _threshold(
        BASES, "threshold of yes votes (required when `vote`)", name="pass", zh="通过票数"
    )
    quorum: Threshold | None = _threshold(
        QUORUM_BASES,
        "overrides the meeting quorum for this item (2/3 for personnel and 三重一大)",
        zh="到会人数",
    )
    per_candidate: bool = key(
        Bool(), "逐个表决: one vote per candidate", default=False, zh="逐个表决"
    )
    opinions: tuple[str, ...] = key(
        List(Str(enum=OPINIONS)),
        "allowed stated opinions: agree (同意), disagree (不同意), defer (缓议)",
        default=list(OPINIONS),
        zh="可发表的意见",
    )
    opinion_order: str = key(
        Str(enum=ORDERS),
        "`reverse_rank` (按排序从后往前逐一发表意见), `rank`, or `any`",
        default="any",
        zh="发言顺序",
    )
    opinions_required: bool = key(
        Bool(),
        "every member present states a clear opinion (与会成员对议题应当发表同意、不同意或者缓议等"
        "明确意见)",
        default=False,
        extension=True,
        zh="须发表明确意见",
    )
    ad_hoc: bool = key(Bool(), "false: 不允许临时动议", default=True, zh="允许临时动议")
    materials_in_advance: bool = key(
        Bool(),
        "false: materials are not sent in advance (人事事项)",
        default=True,
        zh="会前分送材料",
    )
    amount_at_least: Fraction | None = key(
        Amount(),
        "an item with an amount at or over this (yuan) is of this kind; the highest threshold "
        "reached wins. Only an item of the kind `general` (or of a lower amount kind) is "
        "recorded as this kind; an explicitly chosen other kind (干部奖惩 with 2000元) keeps its "
        "kind — and counts under it in `yishi report` — and is judged under both kinds, the "
        "stricter of each rule winning: the higher quorum, pass and 复议 threshold, every "
        "prohibition of either (`ad_hoc`, `materials_in_advance = false`), every requirement of "
        "either (`per_candidate`, `opinion_order`, `opinions_required`, `in_charge_present`, "
        "`notify`, `chair_last`), the methods both allow",
        zh="金额标准",
    )
    amount_more_than: Fraction | None = key(
        Amount(),
        "as `amount_at_least`, exclusive: an amount over this (超过1000元, 以上（不含）)",
        extension=True,
        zh="金额标准（不含本数）",
    )
    categories: tuple[str, ...] = key(
        List(Str(max_length=100)),
        "the amount threshold applies only to items of these categories (`item add --category "
        "固定资产`); for such an item the kinds with that category replace the kinds without "
        "categories (白城: 经费支出 500元以上, 固定资产采购 超过1000元)",
        default=[],
        extension=True,
        zh="适用的事项类别",
    )
    frequency: tuple[int, str] | None = _frequency(
        "items of this kind at least `min` times per period, counted over the body's quorate "
        'meetings (会前学法每年不少于6次: `{ min = 6, per = "year" }`); judged by `check --year` '
        "and `yishi report` (`KIND_FREQUENCY`)",
        extension=True,
        zh="召开频次",
    )
    in_charge_present: bool = key(
        Bool(),
        "the member in charge of the item's area attends or gave a written opinion",
        default=False,
        zh="分管成员到会",
    )
    notify: tuple[str, ...] = key(
        _names,
        "organisations told in advance (派驻纪检监察组)",
        default=[],
        zh="事先告知单位",
    )
    chair_last: bool | None = key(
        Bool(),
        "overrides `voting.chair_last` for this kind (末位表态 for 三重一大 only)",
        extension=True,
        zh="末位表态",
    )
    methods: tuple[str, ...] = key(
        List(Str(enum=METHODS)),
        "voting methods allowed for this kind",
        default=[],
        extension=True,
        zh="表决方式",
    )
    reconsider: Threshold | None = _threshold(
        BASES,
        "复议 consent for this kind (干部任免的决定需要复议的，应当经党组超过半数成员同意)",
        extension=True,
        zh="复议同意人数",
    )
    split_defer_margin: int | None = key(
        Int(minimum=0, maximum=999),
        "overrides `voting.split_defer_margin`",
        extension=True,
        zh="暂缓决定的票差",
    )
    confidential: bool = key(
        Bool(),
        "redacted in distribution copies of the minutes",
        default=False,
        extension=True,
        zh="保密",
    )
    major: bool | None = key(  # None: guessed from the id, name or amount
        Bool(),
        "a 三重一大 matter, counted apart in `yishi report` (without it: guessed from the ids "
        "personnel/major_decision/major_project/large_fund, an `amount_at_least`, or the name)",
        extension=True,
        zh="“三重一大”事项",
    )
    prerequisites: tuple[str, ...] = key(
        List(Str(max_length=100)),
        'steps done before an item of this kind may be approved: `["调查研究", "征求意见", '
        '"合法性审查", "风险评估", "分管领导审核"]`; recorded on the 申报 (`item add --done`, '
        "`item prereq`), warned about by `item approve`, checked (`PREREQ_MISSING`, "
        "`PREREQ_UNRECORDED`) and shown in the notice. Names hold no `,，、;；` or spaces",
        default=[],
        diff_as_added=True,
        zh="前置程序",
    )

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


@dataclass(frozen=True)
class Voting:
    """`[voting]`: how items are voted."""

    chair_last: bool = key(
        Bool(), "末位表态: the chair states an opinion last", default=True, zh="末位表态"
    )
    absent_opinions_count: bool = key(
        Bool(),
        "written opinions of absent members count as votes "
        "(false: 未到会成员的书面意见不得计入票数)",
        default=False,
        zh="书面意见计入票数",
    )
    methods: tuple[str, ...] = key(
        List(Str(enum=METHODS), min_items=1),
        "voting methods allowed: oral, hands, secret, roll_call",
        default=list(METHODS),
        zh="表决方式",
    )
    split_defer_margin: int | None = key(
        Int(minimum=0, maximum=999),
        "|yes − no| ≤ margin on a contested item: defer unless emergency",
        zh="暂缓决定的票差",
    )
    reconsider: Threshold | None = _threshold(BASES, "复议 consent", zh="复议同意人数")
    separate_items: bool = key(
        Bool(), "逐项表决: every item voted on its own", default=True, extension=True, zh="逐项表决"
    )


@dataclass(frozen=True)
class FollowUp:
    """`[follow_up]`: 督办 after the meeting."""

    office: str = key(
        Str(),
        "the office that follows decisions up, printed on the 督办通知单",
        default="办公室",
        zh="督办部门",
    )
    due_soon_days: int = key(
        _days,
        "a task due within N days shows as 即将到期 / due soon, yellow (`yishi tasks --soon N` "
        "overrides)",
        default=7,
        zh="即将到期提示天数",
    )


@dataclass(frozen=True)
class Rules:
    """A rules document: the model of a merged, validated rules file."""

    body: Body = key(None, "the body (党组, 党委, 办公会 ...)", model=Body, required=True)
    members: tuple[Member, ...] = key(
        List(Str(), unique=False, min_items=1),
        "应到会成员",
        model=Member,
        sort_by="rank",
        required=True,
        zh="应到会成员",
    )
    meeting_types: dict[str, MeetingType] = key(
        MapOf(Str(), min_items=1), "meeting types by id", model=MeetingType, required=True
    )
    item_kinds: dict[str, ItemKind] = key(
        MapOf(Str(), min_items=1), "item kinds by id", model=ItemKind, required=True
    )
    voting: Voting = key(None, "how items are voted", model=Voting, default={})
    follow_up: FollowUp = key(
        None,
        "督办: following decisions up after the meeting. The rules of a body's newest meeting "
        "with tasks apply. See [follow-up.md](follow-up.md)",
        model=FollowUp,
        default={},
        extension=True,
        seed="辽宁 第二十六条: 建立党组决议督办检查报告制度……办公室负责对执行情况进行督查督办",
    )
    extends: str | None = key(
        Str(),
        "a rules file (relative path) whose body, members and voting this one reuses, adding "
        "meeting types and item kinds",
        extension=True,
    )
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
        amount_kinds = [  # amount_bound is not None, without working the bound out
            k
            for k in self.item_kinds.values()
            if k.amount_at_least is not None or k.amount_more_than is not None
        ]
        specific = [k for k in amount_kinds if category and category in k.categories]
        pool = specific or [k for k in amount_kinds if not k.categories]
        best: ItemKind | None = None
        best_bound: Fraction | int = 0
        for kind in pool:
            if kind.amount_reached(amount):
                bound = kind.amount_bound or 0
                if best is None or bound > best_bound:
                    best, best_bound = kind, bound
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


RULES_SCHEMA = node_of(Rules)


def json_schema() -> dict[str, Any]:
    schema = RULES_SCHEMA.json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://yishi.invalid/schema/rules.json"
    schema["title"] = "yishi rules file (议事规则)"
    return schema


def build(raw: dict[str, Any]) -> Rules:
    """The typed model of a merged, already validated rules document."""
    rules: Rules = build_model(Rules, raw, raw=raw)
    return rules


def dump(rules: Rules) -> dict[str, Any]:
    """The rules document of a model, keys at their default left out (build's inverse)."""
    return dump_model(rules)


def labels() -> dict[str, str]:
    """The Chinese label of each key name (`rules diff` / `show`), the first declared wins."""
    out: dict[str, str] = {}
    for cls in (Rules, Body, Fonts, Member, MeetingType, Report, ItemKind, Voting, FollowUp):
        for name, _attr, spec in keys_of(cls):
            if spec.zh:
                out.setdefault(name, spec.zh)
    return out


def defaults() -> dict[str, dict[str, Any]]:
    """What each missing key means, as TOML values, by top-level table (`rules diff`)."""
    return {
        "body": defaults_of(Body),
        "members": defaults_of(Member),
        "meeting_types": defaults_of(MeetingType),
        "item_kinds": defaults_of(ItemKind),
        "voting": defaults_of(Voting),
        "follow_up": defaults_of(FollowUp),
    }


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
class LocatedProblem(Keyed):
    """A problem of a rules file, at FILE:LINE:COL."""

    file: str
    line: int
    col: int
    code: str
    key: str
    params: dict[str, Any]
    severity: str = "error"
    path: str = ""  # the key path it is about (`meeting_types.party_group.notice_days`)

    def text(self, lang: str) -> str:
        """The message, led by the key path it is about."""
        return f"{self.path}: {self.message(lang)}" if self.path else self.message(lang)


@dataclass
class _Source:
    """One file of an `extends` chain."""

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
    for name, value in child.items():
        if name == "extends":
            continue
        if name in ("meeting_types", "item_kinds") and isinstance(value, dict):
            target = base.setdefault(name, {})
            if not isinstance(target, dict):
                clashes.append(((name,), name))
                continue
            for sub, sub_value in value.items():
                if sub in target:
                    clashes.append(((name, sub), sub))
                target[sub] = sub_value
        elif name in base:
            clashes.append(((name,), name))
        else:
            base[name] = value
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
        for name, value in source.data.items():
            owner.setdefault((name,), source)
            if name in ("meeting_types", "item_kinds") and isinstance(value, dict):
                for sub in value:
                    owner[(name, sub)] = source
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
