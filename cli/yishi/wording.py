"""How a 纪要 words things (MINUTES_FORMAT.md §7), shared by every format.

- `amount_text`: 2350000 -> 235万元, 85000 -> 8.5万元, 800 -> 800元; exact (Fraction), the
  unit chosen only when the figure stays exact in it.
- `what(kind, ...)`: what an item is, from its kind (and whether it was decided): study
  (传达学习), report (听取…汇报), deliberation (审议), study of a matter (研究),
  self-criticism (批评与自我批评). Only study items are 传达学习.
- `core(subject)`: the subject without the document word at its end (修订财务办法的议题 ->
  修订财务办法), so a sentence never reads 关于X的议题的汇报.
- `meeting_name(body, type, minutes_title)`: 中共X局委员会 + 党委会会议 -> 中共X局委员会会议,
  never 党组党组会 or 管理局长办公会议.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

STUDY, CRITICISM, DELIBERATE, RESEARCH = "study", "criticism", "deliberate", "research"

_STUDY_WORDS = ("学习", "传达", "学法")
_CRITICISM_WORDS = ("批评", "对照检查", "检视")
_DELIBERATE_WORDS = ("审议", "审定", "审查", "文件", "制度", "规范")
# document words dropped at the end of a subject in running text
_DOC_WORDS = (
    "的有关议题",
    "有关议题",
    "的议题",
    "议题",
    "的请示",
    "请示",
    "的汇报",
    "汇报",
    "的报告",
    "报告",
    "的事项",
    "事项",
)


def _decimal(value: Fraction, places: int) -> str | None:
    """`value` as an exact decimal with at most `places` decimals, else None."""
    scaled = value * 10**places
    if scaled.denominator != 1:
        return None
    whole, rest = divmod(abs(scaled.numerator), 10**places)
    sign = "-" if value < 0 else ""
    if rest == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{rest:0{places}d}".rstrip("0")


def amount_text(value: Fraction | None) -> str:
    """The amount as a 纪要 writes it: 235万元, 8.5万元, 1.2亿元, 800元, 800.5元."""
    if value is None:
        return ""
    for unit, size in (("亿", 100_000_000), ("万", 10_000)):
        if abs(value) >= size:
            text = _decimal(value / size, 4)
            if text is not None:
                return f"{text}{unit}元"
    return f"{_decimal(value, 2) or value}元"


def kind_nature(kind: Any) -> str:
    """What an item of this kind is: study, criticism, deliberate (voted or a document
    to review) or research (a matter studied and decided without a vote)."""
    text = f"{kind.id} {kind.name}"
    if "criticism" in kind.id or any(w in kind.name for w in _CRITICISM_WORDS):
        return CRITICISM
    if "study" in kind.id or any(w in kind.name for w in _STUDY_WORDS):
        return STUDY
    if kind.vote or any(w in text for w in _DELIBERATE_WORDS):
        return DELIBERATE
    return RESEARCH


def core(subject: str) -> str:
    """修订财务办法的议题 -> 修订财务办法; 购置设备的请示 -> 购置设备."""
    for word in _DOC_WORDS:
        if subject.endswith(word) and len(subject) > len(word) + 1:
            return subject[: -len(word)]
    return subject


def first_sentence(nature: str, subject: str, presenter: str, decided: bool) -> str:
    """The sentence that says what the meeting did with the item (without 。)."""
    c = core(subject)
    if nature == STUDY:
        studied = (
            subject
            if subject.startswith(("传达学习", "学习贯彻", "学习", "传达", "集体学习"))
            else "传达学习了" + subject
        )
        line = "会议" + studied
        return line + (f"，由{presenter}领学" if presenter else "")
    if nature == CRITICISM:
        return "会议" + (subject if subject.startswith("开展") else f"围绕{c}开展了批评与自我批评")
    if presenter:
        tail = "并进行了审议" if nature == DELIBERATE else "并进行了研究"
        return f"会议听取了{presenter}关于{c}的汇报，{tail}"
    if nature == DELIBERATE:
        return f"会议审议了{c}"
    return f"会议研究了{c}"


def opening_parts(items: list[dict[str, Any]]) -> list[str]:
    """传达学习了X，开展了批评与自我批评，研究了Y，研究审议了Z等N项议题."""
    groups: dict[str, list[dict[str, Any]]] = {
        STUDY: [],
        CRITICISM: [],
        RESEARCH: [],
        DELIBERATE: [],
    }
    for item in items:
        groups[item.get("nature", DELIBERATE)].append(item)
    parts = []
    if groups[STUDY]:
        subjects = [i["subject"] for i in groups[STUDY] if not i["redacted"]]
        if subjects and all(
            s.startswith(("传达学习", "学习贯彻", "学习", "传达", "集体学习")) for s in subjects
        ):
            parts.append("、".join(subjects))
        elif subjects:
            parts.append("传达学习了" + "、".join(subjects))
    if groups[CRITICISM]:
        parts.append("开展了批评与自我批评")
    for nature, verb in ((RESEARCH, "研究了"), (DELIBERATE, "研究审议了")):
        group = groups[nature]
        if not group:
            continue
        shown = [core(i["subject"]) for i in group if not i["redacted"]][:3]
        if not shown:
            parts.append(f"{verb}{len(group)}项议题")
        elif len(group) > len(shown):
            parts.append(verb + "、".join(shown) + f"等{len(group)}项议题")
        else:
            parts.append(verb + "、".join(shown))
    return parts


_MEETING = ("会议", "会")


def meeting_name(body_name: str, type_name: str, minutes_title: str | None = None) -> str:
    """The meeting's full name, each word once: 中共测试局党组 + 党组会议 -> 中共测试局党组会议;
    中共X局委员会 + 党委会会议 -> 中共X局委员会会议; 中共区人民政府党组 + 区政府党组会议 ->
    中共区人民政府党组会议; X管理局 + 局长办公会议 -> X管理局局长办公会议."""
    if minutes_title and minutes_title.endswith("纪要") and len(minutes_title) > 2:
        return minutes_title[:-2]
    organ = (
        "党组"
        if body_name.endswith("党组")
        else "党委"
        if body_name.endswith(("党委", "委员会"))
        else ""
    )
    at = type_name.find(organ) if organ else -1
    if at >= 0:
        rest = type_name[at + len(organ) :]
        rest = rest[1:] if rest.startswith("会会") else rest  # 党委会会议 -> 会议
        return body_name + (rest or "会议")
    for size in range(min(len(body_name), len(type_name)), 1, -1):
        if body_name.endswith(type_name[:size]):
            return body_name + type_name[size:]
    return body_name + type_name


def said(position_word: str, text: str) -> str:
    """An opinion as said: 同意 + 同意，严格按程序办理 -> 同意，严格按程序办理 (never
    "同意。同意，…")."""
    text = text.strip().rstrip("。")
    if not position_word:
        return text
    if not text:
        return position_word
    if text.startswith(position_word) or (
        position_word == "同意" and text.startswith(("原则同意", "完全同意", "赞成"))
    ):
        return text
    if position_word == "不同意" and text.startswith(("不同意", "反对")):
        return text
    return f"{position_word}。{text}"


__all__ = [
    "amount_text",
    "kind_nature",
    "core",
    "first_sentence",
    "opening_parts",
    "meeting_name",
    "said",
    "STUDY",
    "CRITICISM",
    "DELIBERATE",
    "RESEARCH",
]
