"""A rules file read back as Chinese 议事规则 prose, in the order of a real 议事规则:
议事范围, 会议组织, 议事程序, 表决, 纪要, then 其他规定 for any key this module has no
sentence for (so a key added later still shows, by its key path and value).

Every sentence knows the key paths it states and cites the article its comments name. The
same sentences are the 原条款 / 修订后 columns of `yishi rules diff`. Numbers are spelled as
the seeds spell them: 半数以上, 三分之二以上, 超过应到会党组成员半数, 会前2天, 2个工作日.
No typer or rich here."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from yishi.rules import labels
from yishi.rules_doc import Cite, RulesDoc
from yishi.schema import parse_fraction
from yishi.zh import cn_number

PERIODS = {"month": "月", "quarter": "季度", "half_year": "半年", "year": "年"}
METHODS = {"oral": "口头", "hands": "举手", "secret": "无记名投票", "roll_call": "记名投票"}
OPINIONS = {"agree": "同意", "disagree": "不同意", "defer": "缓议"}
ALL_OPINIONS = ("agree", "disagree", "defer")

# words a role is known by in titles (the role's holders' titles are searched for them)
_ROLE_WORDS = {
    "secretary": (("书记",), ("副书记", "机关党委", "纪委")),
    "deputy": (("副书记",), ("机关党委", "纪委")),
    "deputy_secretary": (("副书记",), ("机关党委", "纪委")),
    "director": (("局长", "主任", "区长", "市长", "厅长", "主席"), ("副",)),
    "deputy_director": (("副局长", "副主任", "副区长", "副市长", "副厅长"), ()),
    "member": (("党组成员", "党委委员", "成员", "委员"), ()),
}
_ROLE_DEFAULTS = {
    "secretary": "书记",
    "deputy": "副书记",
    "deputy_secretary": "副书记",
    "director": "主要负责同志",
    "deputy_director": "副职负责同志",
    "member": "成员",
    "chair": "会议主持人",
}

KeyPath = tuple[str | int, ...]


@dataclass
class Sentence:
    text: str  # ends with 。
    paths: tuple[KeyPath, ...]  # the key paths it states
    cite: Cite = field(default_factory=Cite)

    def covers(self, path: KeyPath) -> bool:
        return any(path[: len(p)] == p for p in self.paths)


@dataclass
class Article:
    heading: str  # "党组会议", "干部任免" or "" (the body)
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Chapter:
    title: str  # 议事范围 ...
    articles: list[Article] = field(default_factory=list)


@dataclass
class Prose:
    title: str
    preface: list[str]
    chapters: list[Chapter]

    def sentences(self) -> Iterator[Sentence]:
        for chapter in self.chapters:
            for article in chapter.articles:
                yield from article.sentences

    def clause(self, path: KeyPath) -> str:
        """What the rules say about `path`: the sentences stating it (or anything under it)."""
        path = tuple(path)
        exact = [s.text for s in self.sentences() if s.covers(path)]
        if exact:
            return "".join(dict.fromkeys(exact))
        under = [s.text for s in self.sentences() if any(p[: len(path)] == path for p in s.paths)]
        return "".join(dict.fromkeys(under))


# ------------------------------------------------------------------------------ numbers


def fraction_text(value: Any) -> str:
    """1/2 -> 半数, 2/3 -> 三分之二, 1/1 -> 全体."""
    fraction = value if isinstance(value, Fraction) else parse_fraction(value)
    if fraction is None:
        return str(value)
    if fraction == Fraction(1, 2):
        return "半数"
    if fraction == 1:
        return "全数"
    return f"{cn_number(fraction.denominator)}分之{cn_number(fraction.numerator)}"


def _mode(threshold: dict[str, Any]) -> tuple[str, Any]:
    if "at_least" in threshold:
        return "at_least", threshold["at_least"]
    return "more_than", threshold.get("more_than")


def quorum_text(threshold: dict[str, Any], noun: str) -> str:
    """at_least 1/2 -> 半数以上党组成员; more_than 1/2 -> 超过半数的党组成员."""
    mode, value = _mode(threshold)
    frac = fraction_text(value)
    text = f"{frac}以上{noun}" if mode == "at_least" else f"超过{frac}的{noun}"
    if threshold.get("of") == "eligible":
        text += "（应到会人数不含回避的成员）"
    return text


def threshold_value(threshold: Any) -> str:
    """A threshold on its own, for a diff: 三分之二以上 / 超过半数 (and its base)."""
    if not isinstance(threshold, dict):
        return str(threshold)
    mode, value = _mode(threshold)
    frac = fraction_text(value)
    text = f"{frac}以上" if mode == "at_least" else f"超过{frac}"
    if threshold.get("of") == "eligible":
        text += "（应到会人数不含回避的成员）"
    return text


_BASES = {
    "members": "应到会{noun}",
    "eligible": "应到会（不含回避）的{noun}",
    "present": "实到会{noun}",
    "cast": "所投票数",
}


def consent_text(threshold: dict[str, Any], noun: str) -> str:
    """more_than 1/2 of members -> 超过应到会党组成员半数; at_least 2/3 -> 应到会党组成员
    三分之二以上."""
    mode, value = _mode(threshold)
    base = _BASES.get(threshold.get("of", "members"), "{noun}").format(noun=noun)
    frac = fraction_text(value)
    return f"超过{base}{frac}" if mode == "more_than" else f"达到{base}{frac}以上"


def days_text(days: Any, working: bool) -> str:
    return f"{days}个工作日" if working else f"{days}天"


def amount_text(value: Any) -> str:
    amount = Fraction(str(value))
    if amount >= 10000 and (amount / 10000).denominator == 1:
        return f"{amount / 10000}万元"
    if amount.denominator == 1:
        return f"{amount}元"
    return f"{float(amount):g}元"


def matters(names: list[str]) -> str:
    """一般事项、干部任免和大额资金使用 -> …事项 (once, at the end)."""
    text = listing(names)
    return matter(text)


def listing(words: list[str], last: str = "和") -> str:
    words = [w for w in words if w]
    if len(words) <= 1:
        return "".join(words)
    return "、".join(words[:-1]) + last + words[-1]


def example_number(fmt: str, body: dict[str, Any], type_id: str) -> str:
    try:
        return fmt.format(
            short=body.get("short", ""), year=2024, seq=1, body=body.get("id", ""), type=type_id
        )
    except (KeyError, IndexError, ValueError):
        return fmt


# ------------------------------------------------------------------------------ names


class _Names:
    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.members = [m for m in raw.get("members", []) if isinstance(m, dict)]
        self.kinds = raw.get("item_kinds", {}) if isinstance(raw.get("item_kinds"), dict) else {}
        self.types = (
            raw.get("meeting_types", {}) if isinstance(raw.get("meeting_types"), dict) else {}
        )
        self.body = raw.get("body", {}) if isinstance(raw.get("body"), dict) else {}

    def kind(self, kind_id: str) -> str:
        kind = self.kinds.get(kind_id)
        return kind.get("name", kind_id) if isinstance(kind, dict) else kind_id

    def type(self, type_id: str) -> str:
        mtype = self.types.get(type_id)
        return mtype.get("name", type_id) if isinstance(mtype, dict) else type_id

    def noun(self, type_id: str | None = None) -> str:
        """党组成员 / 党委委员 / 成员: what the seeds call the members of this meeting."""
        names = [self.type(type_id)] if type_id else [self.type(t) for t in self.types]
        nouns = {self._type_noun(name) for name in names}
        return nouns.pop() if len(nouns) == 1 else "成员"

    def _type_noun(self, type_name: str) -> str:
        """党组会议 -> 党组成员; a 专题会议 of a 党组 -> 党组成员; 局长办公会议 -> 成员."""
        noun = _noun(type_name)
        return noun if noun != "成员" else _noun(str(self.body.get("name", "")))

    def kind_noun(self, kind_id: str) -> str:
        """The noun of the meeting types that take this kind (all, when none says)."""
        takers = [
            t
            for t, m in self.types.items()
            if isinstance(m, dict) and kind_id in (m.get("kinds") or [])
        ]
        nouns = {self._type_noun(self.type(t)) for t in (takers or list(self.types))}
        return nouns.pop() if len(nouns) == 1 else "成员"

    def role(self, value: str) -> str:
        """A role or member id as the rules mean it: 党组书记, 局长, 张伟同志."""
        if value == "chair":
            return "会议主持人"
        for member in self.members:
            if member.get("id") == value:
                return f"{member.get('name', value)}同志"
        holders = [m for m in self.members if value in (m.get("roles") or [])]
        words, avoid = _ROLE_WORDS.get(value, ((), ()))
        found: dict[str, int] = {}
        for member in holders:
            for part in str(member.get("title", "")).replace("，", "、").split("、"):
                if any(w in part for w in words) and not any(a in part for a in avoid):
                    found[part] = found.get(part, 0) + 1
                    break
        if found and words:
            return max(found, key=lambda k: found[k])
        if value in _ROLE_DEFAULTS:
            return _ROLE_DEFAULTS[value]
        # a role of the body's own (party_building, inspector): who holds it
        people = [
            f"{m.get('name')}（{m['title']}）" if m.get("title") else str(m.get("name"))
            for m in sorted(holders, key=lambda m: m.get("rank", 0))
        ]
        return listing(people, "或者") if people else value

    def member_list(self, ids: list[str] | None = None) -> str:
        chosen = [
            m
            for m in sorted(self.members, key=lambda m: m.get("rank", 0))
            if ids is None or m.get("id") in ids
        ]
        return "、".join(
            f"{m.get('name')}（{m['title']}）" if m.get("title") else str(m.get("name"))
            for m in chosen
        )


def matter(name: str) -> str:
    """干部任免 -> 干部任免事项; 一般事项 stays 一般事项."""
    return name if name.endswith(("事项", "事宜")) else name + "事项"


def _noun(name: str) -> str:
    if "党组" in name:
        return "党组成员"
    if "党委" in name or "委员会" in name:
        return "党委委员"
    return "成员"


# ------------------------------------------------------------------------------ building


class _Builder:
    def __init__(self, doc: RulesDoc) -> None:
        self.doc = doc
        self.raw = doc.raw
        self.n = _Names(doc.raw)

    def s(self, text: str, *paths: KeyPath, cite_paths: tuple[KeyPath, ...] = ()) -> Sentence:
        """A sentence stating `paths`, citing the articles of all of them (or, when none
        has one, of the first of `cite_paths` that has)."""
        cite = self.doc.cite_all(*paths)
        if not cite.refs and cite_paths:
            cite = self.doc.cite(*cite_paths)
        return Sentence(text, tuple(paths), cite)

    # --- chapters

    def scope(self) -> Chapter:
        chapter = Chapter("议事范围")
        for type_id, mtype in self.n.types.items():
            kinds = mtype.get("kinds")
            if kinds:
                names = [self.n.kind(k) for k in kinds]
                voted = any(
                    isinstance(self.n.kinds.get(k), dict)
                    and self.n.kinds[k].get("vote", True) is not False
                    for k in kinds
                )
                verb = "研究决定下列事项" if voted else "研究下列事项"
                chapter.articles.append(
                    Article(
                        self.n.type(type_id),
                        [
                            self.s(
                                f"{self.n.type(type_id)}{verb}：{'；'.join(names)}。",
                                ("meeting_types", type_id, "kinds"),
                            )
                        ],
                    )
                )
        article = Article("")
        for kind_id, kind in self.n.kinds.items():
            base = ("item_kinds", kind_id)
            name = self.n.kind(kind_id)
            cats = [str(c) for c in kind.get("categories") or []]
            of_cats = f"属于{'、'.join(cats)}类、" if cats else ""
            cat_path = (base + ("categories",),) if cats else ()
            if "amount_at_least" in kind:
                amount = amount_text(kind["amount_at_least"])
                article.sentences.append(
                    self.s(
                        f"{of_cats}金额{amount}以上（含{amount}）的事项，按{name}议定。",
                        base + ("amount_at_least",),
                        *cat_path,
                        cite_paths=(base + ("name",),),
                    )
                )
            if "amount_more_than" in kind:
                amount = amount_text(kind["amount_more_than"])
                article.sentences.append(
                    self.s(
                        f"{of_cats}金额超过{amount}（不含{amount}）的事项，按{name}议定。",
                        base + ("amount_more_than",),
                        *cat_path,
                        cite_paths=(base + ("name",),),
                    )
                )
            frequency = kind.get("frequency")
            if isinstance(frequency, dict):
                per = str(frequency.get("per"))
                article.sentences.append(
                    self.s(
                        f"{name}每{PERIODS.get(per, per)}不少于{frequency.get('min')}次。",
                        base + ("frequency",),
                    )
                )
            if kind.get("major") is True:
                article.sentences.append(
                    self.s(
                        f"{name}属于“三重一大”事项。",
                        base + ("major",),
                        cite_paths=(base + ("major",), base + ("name",), base),
                    )
                )
            elif kind.get("major") is False:
                article.sentences.append(self.s(f"{name}不属于“三重一大”事项。", base + ("major",)))
        if article.sentences:
            chapter.articles.append(article)
        return chapter

    def organisation(self) -> Chapter:
        chapter = Chapter("会议组织")
        if self.n.members:
            members = Sentence(
                f"{self.n.body.get('name', '')}成员按排序为：{self.n.member_list()}。",
                (("members",),),
                Cite(fixed="成员名单由本规则文件列明"),
            )
            chapter.articles.append(Article("", [members]))
        for type_id, mtype in self.n.types.items():
            chapter.articles.append(
                Article(self.n.type(type_id), list(self._organisation(type_id, mtype)))
            )
        return chapter

    def _organisation(self, type_id: str, mtype: dict[str, Any]) -> Iterator[Sentence]:
        base = ("meeting_types", type_id)
        name, noun = self.n.type(type_id), self.n.noun(type_id)
        working = mtype.get("day_count") == "working"
        if mtype.get("members"):
            yield self.s(
                f"{name}应到会成员为：{self.n.member_list(list(mtype['members']))}。",
                base + ("members",),
            )
        if "chair" in mtype:
            yield self.s(f"{name}由{self.n.role(mtype['chair'])}召集并主持。", base + ("chair",))
        if mtype.get("chair_delegates"):
            delegates = listing([self.n.role(d) for d in mtype["chair_delegates"]], "或者")
            chair = self.n.role(mtype.get("chair", "chair"))
            yield self.s(
                f"{chair}不能参加会议时，可以委托{delegates}召集并主持。",
                base + ("chair_delegates",),
            )
        frequency = mtype.get("frequency")
        if isinstance(frequency, dict):
            per = PERIODS.get(str(frequency.get("per")), str(frequency.get("per")))
            yield self.s(f"{name}每{per}至少召开{frequency.get('min')}次。", base + ("frequency",))
        if isinstance(mtype.get("quorum"), dict):
            yield self.s(
                f"{name}应当有{quorum_text(mtype['quorum'], noun)}到会方可召开。",
                base + ("quorum",),
            )
        count = (base + ("day_count",),) if "day_count" in mtype else ()
        if "submit_days" in mtype:
            yield self.s(
                f"提请{name}研究的议题，应当于会前{days_text(mtype['submit_days'], working)}报送。",
                base + ("submit_days",),
                *count,
                cite_paths=(base + ("submit_days",),) + count,
            )
        if "notice_days" in mtype:
            days = mtype["notice_days"]
            when = "会前" + days_text(days, working) if days else "会议召开前"
            yield self.s(
                f"会议议题和有关材料一般应当于{when}送达与会人员。",
                base + ("notice_days",),
                *count,
                cite_paths=(base + ("notice_days",),) + count,
            )
        elif count:
            yield self.s("上述期限按" + ("工作日" if working else "自然日") + "计算。", *count)
        if mtype.get("notify"):
            yield self.s(
                f"召开{name}，应当提前告知{listing(list(mtype['notify']))}。", base + ("notify",)
            )
        if mtype.get("absent_statement") is True:
            yield self.s(
                f"因故缺席的{noun}，应当提交书面发言，列入会议记录。", base + ("absent_statement",)
            )
        if mtype.get("absent_briefing") is True:
            yield self.s(
                f"会后由主持人或者主持人委托的与会人员将会议情况转告缺席的{noun}。",
                base + ("absent_briefing",),
            )
        reports = mtype.get("reports")
        if isinstance(reports, list):
            for index, report in enumerate(reports):
                if isinstance(report, dict):
                    yield self.s(
                        self._report(report, working),
                        base + ("reports", index),
                        base + ("reports",),
                        cite_paths=(base + ("reports", index), base + ("reports",)),
                    )

    @staticmethod
    def _report(report: dict[str, Any], working: bool) -> str:
        what = report.get("name", "报告")
        to = f"报送{report['to']}" if report.get("to") else "报送"
        if "before_days" in report:
            return f"{what}应当于会前{days_text(report['before_days'], working)}{to}。"
        if "after_days" in report:
            return f"{what}应当于会后{days_text(report['after_days'], working)}内{to}。"
        return f"{what}应当按规定{to}。"

    def procedure(self) -> Chapter:
        chapter = Chapter("议事程序")
        for type_id, mtype in self.n.types.items():
            if mtype.get("first_item"):
                chapter.articles.append(
                    Article(
                        self.n.type(type_id),
                        [
                            self.s(
                                f"{self.n.type(type_id)}坚持“第一议题”制度，第一项议题为"
                                f"{self.n.kind(mtype['first_item'])}。",
                                ("meeting_types", type_id, "first_item"),
                            )
                        ],
                    )
                )
        for kind_id, kind in self.n.kinds.items():
            sentences = list(self._procedure(kind_id, kind))
            if sentences:
                chapter.articles.append(Article(self.n.kind(kind_id), sentences))
        return chapter

    def _procedure(self, kind_id: str, kind: dict[str, Any]) -> Iterator[Sentence]:
        base = ("item_kinds", kind_id)
        name, noun = self.n.kind(kind_id), self.n.kind_noun(kind_id)
        if isinstance(kind.get("quorum"), dict):
            yield self.s(
                f"讨论决定{matter(name)}，必须有{quorum_text(kind['quorum'], noun)}到会。",
                base + ("quorum",),
            )
        if kind.get("ad_hoc") is False:
            yield self.s(f"{matter(name)}不得临时动议。", base + ("ad_hoc",))
        if kind.get("materials_in_advance") is False:
            yield self.s(f"{matter(name)}的材料不在会前分送。", base + ("materials_in_advance",))
        if kind.get("prerequisites"):
            yield self.s(
                f"{matter(name)}提请会议讨论前，应当完成{listing(list(kind['prerequisites']))}。",
                base + ("prerequisites",),
            )
        if kind.get("notify"):
            yield self.s(
                f"议定{matter(name)}，应当事先告知{listing(list(kind['notify']))}。",
                base + ("notify",),
            )
        if kind.get("in_charge_present") is True:
            yield self.s(
                f"分管该项工作的{noun}应当到会；不能到会的，应当征求其意见或者由本人提交书面意见。",
                base + ("in_charge_present",),
            )
        opinions = kind.get("opinions")
        required = kind.get("opinions_required")
        order = kind.get("opinion_order")
        words = listing([OPINIONS.get(o, o) for o in (opinions or [])], "或者")
        paths = [
            base + (k,) for k in ("opinions", "opinions_required", "opinion_order") if k in kind
        ]
        if opinions == []:
            text = f"{matter(name)}不发表表态意见。"
        elif required is True or order in ("reverse_rank", "rank"):
            how = ""  # the seeds: 与会成员对议题应当发表同意、不同意或者缓议等明确意见
            if order in ("reverse_rank", "rank"):
                how = f"按{noun}排序" + (
                    "从后往前逐一" if order == "reverse_rank" else "从前往后逐一"
                )
            what = f"{words}等明确意见" if words else "明确意见"
            text = f"与会{noun}对{matter(name)}应当{how}发表{what}。"
        elif opinions is not None:
            text = f"对{matter(name)}可以发表{words}的意见。"
        elif required is False:
            text = f"{matter(name)}不要求每名与会成员发表明确意见。"
        elif order == "any":
            text = f"{matter(name)}发言顺序不限。"
        else:
            text = ""
        if text:
            yield self.s(text, *paths)

    def voting(self) -> Chapter:
        chapter = Chapter("表决")
        voting = self.raw.get("voting", {}) if isinstance(self.raw.get("voting"), dict) else {}
        noun = self.n.noun()
        general: list[Sentence] = []
        if voting.get("methods"):
            methods = listing([METHODS.get(m, m) for m in voting["methods"]], "或者")
            general.append(self.s(f"表决可以采用{methods}等方式进行。", ("voting", "methods")))
        kinds = self.n.kinds
        # 通过: kinds with the same threshold share one sentence
        groups: dict[str, list[str]] = {}
        for kind_id, kind in kinds.items():
            if kind.get("vote", True) is not False and isinstance(kind.get("pass"), dict):
                text = consent_text(kind["pass"], self.n.kind_noun(kind_id))
                groups.setdefault(text, []).append(kind_id)
        for text, ids in groups.items():
            names_of = [self.n.kind(k) for k in ids]
            general.append(
                self.s(
                    f"{matters(names_of)}，赞成票{text}为通过。",
                    *[("item_kinds", k, "pass") for k in ids],
                )
            )
        silent = [k for k, kind in kinds.items() if kind.get("vote") is False]
        if silent:
            names = listing([self.n.kind(k) for k in silent])
            general.append(
                self.s(f"{matter(names)}不进行表决。", *[("item_kinds", k, "vote") for k in silent])
            )
        voted_explicitly = [k for k, kind in kinds.items() if kind.get("vote") is True]
        if voted_explicitly:
            names = listing([self.n.kind(k) for k in voted_explicitly])
            general.append(
                self.s(
                    f"{matter(names)}应当进行表决。",
                    *[("item_kinds", k, "vote") for k in voted_explicitly],
                )
            )
        one_by_one = [k for k, kind in kinds.items() if kind.get("per_candidate") is True]
        if one_by_one:
            names = listing([self.n.kind(k) for k in one_by_one])
            general.append(
                self.s(
                    f"{matter(names)}，对拟任人选逐个表决。",
                    *[("item_kinds", k, "per_candidate") for k in one_by_one],
                )
            )
        if voting.get("separate_items") is True:
            general.append(
                self.s("会议研究决定多个事项的，应当逐项表决。", ("voting", "separate_items"))
            )
        elif voting.get("separate_items") is False:
            general.append(
                self.s("会议研究决定多个事项的，可以合并表决。", ("voting", "separate_items"))
            )
        if "chair_last" in voting:
            general.append(
                self.s(
                    "表决实行主持人末位表态制。"
                    if voting["chair_last"]
                    else "除另有规定的事项外，主持人不实行末位表态。",
                    ("voting", "chair_last"),
                )
            )
        if "absent_opinions_count" in voting:
            general.append(
                self.s(
                    f"未到会{noun}的书面意见"
                    + ("计入票数。" if voting["absent_opinions_count"] else "不得计入票数。"),
                    ("voting", "absent_opinions_count"),
                )
            )
        if "split_defer_margin" in voting:
            general.append(
                self.s(
                    _split_text(voting["split_defer_margin"], ""), ("voting", "split_defer_margin")
                )
            )
        if isinstance(voting.get("reconsider"), dict):
            consent = consent_text(voting["reconsider"], noun)
            general.append(
                self.s(
                    f"作出的决定需要复议的，应当经{consent}同意后方可进行。",
                    ("voting", "reconsider"),
                )
            )
        if general:
            chapter.articles.append(Article("", general))
        for kind_id, kind in kinds.items():
            sentences = list(self._kind_voting(kind_id, kind, noun))
            if sentences:
                chapter.articles.append(Article(self.n.kind(kind_id), sentences))
        return chapter

    def _kind_voting(self, kind_id: str, kind: dict[str, Any], noun: str) -> Iterator[Sentence]:
        base = ("item_kinds", kind_id)
        name = self.n.kind(kind_id)
        if kind.get("methods"):
            methods = listing([METHODS.get(m, m) for m in kind["methods"]], "或者")
            yield self.s(f"{matter(name)}采用{methods}等方式表决。", base + ("methods",))
        if "chair_last" in kind:
            yield self.s(
                f"{matter(name)}实行主持人末位表态。"
                if kind["chair_last"]
                else f"{matter(name)}不实行主持人末位表态。",
                base + ("chair_last",),
            )
        if "split_defer_margin" in kind:
            yield self.s(
                _split_text(kind["split_defer_margin"], name), base + ("split_defer_margin",)
            )
        if isinstance(kind.get("reconsider"), dict):
            consent = consent_text(kind["reconsider"], noun)
            yield self.s(
                f"有关{name}的决定，需要复议的，应当经{consent}同意后方可进行。",
                base + ("reconsider",),
            )

    def minutes(self) -> Chapter:
        chapter = Chapter("纪要")
        body = self.n.body
        general: list[Sentence] = []
        if body.get("office"):
            general.append(self.s(f"会议纪要以{body['office']}名义印发。", ("body", "office")))
        if body.get("distribution"):
            general.append(
                self.s(
                    f"会议纪要分送：{'、'.join(body['distribution'])}。", ("body", "distribution")
                )
            )
        secret = [k for k, kind in self.n.kinds.items() if kind.get("confidential") is True]
        if secret:
            names = listing([self.n.kind(k) for k in secret])
            general.append(
                self.s(
                    f"{matter(names)}的讨论情况应当保密，分送的纪要中不予印出。",
                    *[("item_kinds", k, "confidential") for k in secret],
                )
            )
        follow = self.raw.get("follow_up")
        if isinstance(follow, dict) and follow:
            chapter.title = "纪要和督办"
            if follow.get("office"):
                general.append(
                    self.s(
                        f"会议决定事项由{follow['office']}负责督查督办。", ("follow_up", "office")
                    )
                )
            if "due_soon_days" in follow:
                general.append(
                    self.s(
                        f"督办事项到期前{follow['due_soon_days']}天内列为即将到期。",
                        ("follow_up", "due_soon_days"),
                    )
                )
        if general:
            chapter.articles.append(Article("", general))
        for type_id, mtype in self.n.types.items():
            sentences = list(self._minutes(type_id, mtype))
            if sentences:
                chapter.articles.append(Article(self.n.type(type_id), sentences))
        return chapter

    def _minutes(self, type_id: str, mtype: dict[str, Any]) -> Iterator[Sentence]:
        base = ("meeting_types", type_id)
        name = self.n.type(type_id)
        if "number_format" in mtype:
            number = example_number(mtype["number_format"], self.n.body, type_id)
            yield self.s(
                f"{name}纪要按独立序列实行年度编号，编号式样为“{number}”。",
                base + ("number_format",),
            )
        if mtype.get("minutes_title"):
            yield self.s(f"纪要标题为“{mtype['minutes_title']}”。", base + ("minutes_title",))
        if mtype.get("minutes_review") is True:
            yield self.s(
                f"{name}纪要经征求{self.n.noun(type_id)}意见后签发。", base + ("minutes_review",)
            )
        if "signer" in mtype:
            yield self.s(f"{name}纪要由{self.n.role(mtype['signer'])}签发。", base + ("signer",))
        if mtype.get("distribution"):
            yield self.s(
                f"{name}纪要分送：{'、'.join(mtype['distribution'])}。", base + ("distribution",)
            )

    # --- whatever has no sentence yet

    def others(self, known: list[Sentence]) -> Chapter:
        chapter = Chapter("其他规定")
        article = Article("")
        for path, value in leaves(self.raw):
            if path[:1] in (("extends",),) or any(s.covers(path) for s in known):
                continue
            if path[0] == "body" and path[1] in ("id", "name", "short", "source"):
                continue
            if len(path) == 3 and path[0] in ("meeting_types", "item_kinds") and path[2] == "name":
                continue
            if path[0] == "members":
                continue
            article.sentences.append(self.s(generic_sentence(self.raw, path, value), path))
        if article.sentences:
            chapter.articles.append(article)
        return chapter


def _split_text(margin: Any, name: str) -> str:
    subject = f"{matter(name)}中" if name else ""
    gap = "赞成票与反对票相等" if margin == 0 else f"赞成票与反对票相差不超过{margin}票"
    return f"对{subject}意见分歧较大（{gap}）的议题，除紧急情况按多数意见执行外，应当暂缓作出决定。"


def leaves(raw: dict[str, Any]) -> Iterator[tuple[KeyPath, Any]]:
    """(path, value) of every rule: a table's keys down to the key level; a threshold or an
    unknown table is one value; lists are values."""
    for top, value in raw.items():
        if top not in ("meeting_types", "item_kinds") and isinstance(value, dict):
            for key, sub in value.items():
                yield (top, key), sub
        elif top in ("meeting_types", "item_kinds") and isinstance(value, dict):
            for entry_id, entry in value.items():
                if isinstance(entry, dict):
                    for key, sub in entry.items():
                        yield (top, entry_id, key), sub
                else:
                    yield (top, entry_id), entry
        else:
            yield (top,), value


# the Chinese label of each key, from its declaration in yishi.rules (`zh=`)
KEY_LABELS = labels()


def value_text(key: str, value: Any) -> str:
    """A value as a reader of the 议事规则 says it."""
    if value is None:
        return "（未规定）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if key in ("pass", "reconsider") and isinstance(value, dict):
        return consent_text(value, "成员")
    if key == "quorum" and isinstance(value, dict):
        return threshold_value(value)
    if key == "frequency" and isinstance(value, dict):
        per = str(value.get("per"))
        return f"每{PERIODS.get(per, per)}至少{value.get('min')}次"
    if key in ("notice_days", "submit_days") and isinstance(value, int):
        return f"会前{value}天"
    if key == "amount_at_least":
        return amount_text(value) + "以上"
    if key == "amount_more_than":
        return "超过" + amount_text(value)
    if key == "day_count":
        return {"working": "工作日", "calendar": "自然日"}.get(value, str(value))
    if key == "opinion_order":
        return {"reverse_rank": "按排序从后往前", "rank": "按排序从前往后", "any": "不限"}.get(
            value, str(value)
        )
    if isinstance(value, list):
        names = {**METHODS, **OPINIONS}
        return (
            "、".join(
                value_text(key, v) if isinstance(v, dict | list) else names.get(v, str(v))
                for v in value
            )
            or "（无）"
        )
    if isinstance(value, dict):
        return "，".join(f"{k} = {value_text(k, v)}" for k, v in value.items())
    return str(value)


def path_text(path: KeyPath) -> str:
    return ".".join(str(p) for p in path)


def owner_text(raw: dict[str, Any], path: KeyPath) -> str:
    """Who a key belongs to: 党组会议, 干部任免, 表决, 成员张伟."""
    names = _Names(raw)
    if path[0] == "meeting_types" and len(path) > 1:
        return names.type(str(path[1]))
    if path[0] == "item_kinds" and len(path) > 1:
        return matter(names.kind(str(path[1])))
    if path[0] == "voting":
        return "表决规则"
    if path[0] == "body":
        return "本机构"
    if path[0] == "follow_up":
        return "督办"
    return ""


def generic_sentence(raw: dict[str, Any], path: KeyPath, value: Any) -> str:
    """The fallback for a key without its own sentence: its owner, label or key path, and
    its value."""
    key = str(path[-1])
    label = KEY_LABELS.get(key)
    owner = owner_text(raw, path)
    what = f"{label}（{key}）" if label else key
    return (
        f"{owner}的{what}为“{value_text(key, value)}”。"
        if owner
        else f"{path_text(path)}为“{value_text(key, value)}”。"
    )


def build_prose(doc: RulesDoc) -> Prose:
    builder = _Builder(doc)
    chapters = [
        builder.scope(),
        builder.organisation(),
        builder.procedure(),
        builder.voting(),
        builder.minutes(),
    ]
    known = [s for c in chapters for a in c.articles for s in a.sentences]
    chapters.append(builder.others(known))
    body = builder.n.body
    title = f"{body.get('name', '')}议事规则"
    preface = []
    if body.get("source"):
        preface.append(f"本规则依据：{body['source']}。")
    preface.append(
        f"由规则文件 {doc.name} 生成（机构标识 {body.get('id', '')}，简称“"
        f"{body.get('short', '')}”）；每条后注明所依据的条款，以便与正式文本核对。"
    )
    return Prose(title, preface, [c for c in chapters if c.articles])


# ------------------------------------------------------------------------------ output


def _articles(prose: Prose) -> Iterator[tuple[int, str, Chapter, Article]]:
    number = 0
    for index, chapter in enumerate(prose.chapters, start=1):
        for article in chapter.articles:
            number += 1
            yield index, f"第{cn_number(number)}条", chapter, article


def view(prose: Prose) -> dict[str, Any]:
    """The template context: chapters with numbered articles (第一条 …)."""
    chapters: list[dict[str, Any]] = []
    for index, label, chapter, article in _articles(prose):
        if len(chapters) < index:
            chapters.append({"title": f"第{cn_number(index)}章　{chapter.title}", "articles": []})
        chapters[-1]["articles"].append(
            {
                "label": label,
                "heading": article.heading,
                "sentences": [
                    {
                        "text": s.text,
                        "cite": s.cite.text(),
                        "paths": [path_text(p) for p in s.paths],
                    }
                    for s in article.sentences
                ],
            }
        )
    return {"title": prose.title, "preface": prose.preface, "chapters": chapters}


def render_text(prose: Prose, fmt: str) -> str:
    """md or html through jinja2 (html autoescaped)."""
    import jinja2

    from yishi.resources import template

    path = template(f"rules.{fmt}.j2")
    env = jinja2.Environment(
        autoescape=fmt == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.from_string(path.read_text(encoding="utf-8")).render(**view(prose))


def render_docx(prose: Prose) -> bytes:
    import io

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    data = view(prose)
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(16)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(data["title"])
    run.bold = True
    run.font.size = Pt(22)
    for line in data["preface"]:
        document.add_paragraph(line).runs[0].font.size = Pt(12)
    for chapter in data["chapters"]:
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.add_run(chapter["title"]).bold = True
        for article in chapter["articles"]:
            para = document.add_paragraph()
            para.paragraph_format.first_line_indent = Pt(32)
            para.add_run(article["label"] + "　").bold = True
            if article["heading"]:
                para.add_run(f"【{article['heading']}】")
            for sentence in article["sentences"]:
                para.add_run(sentence["text"])
                cite = para.add_run(f"〔{sentence['cite']}〕")
                cite.font.size = Pt(10.5)
                cite.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    out = io.BytesIO()
    document.core_properties.title = data["title"]
    document.save(out)
    return out.getvalue()


__all__ = [
    "Prose",
    "Sentence",
    "build_prose",
    "render_text",
    "render_docx",
    "view",
    "fraction_text",
    "quorum_text",
    "consent_text",
    "threshold_value",
    "value_text",
    "generic_sentence",
    "leaves",
    "path_text",
    "owner_text",
    "KEY_LABELS",
]
