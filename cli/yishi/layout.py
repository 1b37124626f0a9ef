"""Line layout of the 纪要's fixed blocks, decided once for every format (GB/T 9704-2012).

A browser and a word processor wrap a long line wherever it overflows: the 纪要标志 breaks
as "…会议纪 / 要", the office runs into the date. So yishi lays these lines out itself,
from the known widths of the page (text block 156 mm) and of Chinese characters (one em
each; digits and Latin letters about half):

- `flag(title)`: the 纪要标志 on one line, condensed by character scaling when slightly
  too long; else two lines broken between words (the body's name / 会议纪要), condensed
  if a line is still too long.
- `split_line(left, right, width)`: a line with text at the left and a date at the right
  (the office/date line under the number, the 版记's print line): the date is never
  broken; the office name wraps between words when both do not fit on one line.

Pure functions over strings: no I/O, no third-party imports.
"""

from __future__ import annotations

import math
import re
import unicodedata

TEXT_WIDTH_PT = 156 / 25.4 * 72  # 442.2 pt: the text block
SAFETY_PT = 2.0  # left unused on every line: engines round metrics differently
FLAG_SIZE_PT = 26.0
BODY_SIZE_PT = 16.0  # 3号
BANJI_SIZE_PT = 14.0  # 4号
MIN_SCALE = 80  # narrowest character scaling (percent) before breaking the line
_FLAG_SCALE_ONE_LINE = 90  # condense one line down to this before breaking it in two

# where a Chinese organisation name may break: after these words
_BREAK_AFTER = (
    "中共",
    "中国共产党",
    "人民政府",
    "办公室",
    "办公厅",
    "委员会",
    "党组",
    "党委",
    "省",
    "市",
    "区",
    "县",
    "州",
    "盟",
    "旗",
    "局",
    "厅",
    "委",
    "部",
    "署",
    "会议",
    "公司",
    "集团",
)
_TAILS = ("会议纪要", "会纪要", "纪要", "会议记录", "记录")


def width(text: str) -> float:
    """Width of `text` in ems: full-width characters 1, others (digits, Latin) 0.55."""
    total = 0.0
    for ch in text:
        total += 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.55
    return total


def words(name: str) -> list[str]:
    """An organisation name in breakable pieces: 中共|西宁市|城中区|人力资源和社会保障局|党组."""
    pieces: list[str] = []
    start = 0
    i = 0
    while i < len(name):
        for word in sorted(_BREAK_AFTER, key=len, reverse=True):
            if name.startswith(word, i):
                end = i + len(word)
                # a one-character suffix needs at least two characters before it (西宁市),
                # so 市区 / 区县 inside a word do not split it
                if len(word) > 1 or end - start >= 3:
                    pieces.append(name[start:end])
                    start = end
                i = end - 1
                break
        i += 1
    if start < len(name):
        pieces.append(name[start:])
    return [p for p in pieces if p]


def title_words(title: str, body_name: str = "") -> list[str]:
    """The 纪要标志's pieces: the body's name in words, then the rest (会议纪要) whole."""
    if body_name and title.startswith(body_name) and len(title) > len(body_name):
        return words(body_name) + [title[len(body_name) :]]
    for tail in _TAILS:
        if title.endswith(tail) and len(title) > len(tail):
            head = title[: -len(tail)]
            pieces = words(head)
            # 局长办公会议纪要: keep the meeting's name with 纪要 when the head ends in 会议
            return pieces + [tail]
    return words(title)


def _scale(text_width_em: float, size_pt: float, avail_pt: float) -> int:
    """Character scaling (percent, <= 100) that makes a line fit."""
    need = text_width_em * size_pt
    return 100 if need <= avail_pt else math.floor(100 * avail_pt / need)


def flag(
    title: str, body_name: str = "", size_pt: float = FLAG_SIZE_PT, width_pt: float = TEXT_WIDTH_PT
) -> dict[str, object]:
    """The 纪要标志's lines and their character scaling: {"lines": [...], "scale": 100,
    "size": 26.0}. Never breaks inside a word."""
    avail = width_pt - SAFETY_PT
    one = _scale(width(title), size_pt, avail)
    if one >= _FLAG_SCALE_ONE_LINE:
        return {"lines": [title], "scale": one, "size": size_pt}
    pieces = title_words(title, body_name)
    candidates = []
    for cut in range(1, len(pieces)):
        lines = ["".join(pieces[:cut]), "".join(pieces[cut:])]
        scale = min(_scale(width(line), size_pt, avail) for line in lines)
        # prefer: no condensing; then the break at the body's name; then balance
        at_name = bool(body_name) and lines[0] == body_name
        candidates.append(
            (scale < 100, not at_name, abs(len(lines[0]) - len(lines[1])), -scale, lines, scale)
        )
    if not candidates:
        return {"lines": [title], "scale": max(one, 1), "size": size_pt}
    best = min(candidates, key=lambda c: c[:4])
    lines, scale = best[4], best[5]
    if scale < MIN_SCALE:  # still too long: a smaller size at the narrowest scaling
        longest = max(width(line) for line in lines)
        size = math.floor(10 * avail / (longest * MIN_SCALE / 100)) / 10
        return {"lines": lines, "scale": MIN_SCALE, "size": min(size, size_pt)}
    return {"lines": lines, "scale": scale, "size": size_pt}


def split_line(
    left: str,
    right: str,
    size_pt: float,
    indent_em: float = 1.0,
    gap_em: float = 2.0,
    width_pt: float = TEXT_WIDTH_PT,
) -> list[dict[str, str]]:
    """Lines of `left` (wrapped between words) with `right` kept whole at the right of the
    last line: [{"left": "中共西宁市城中区人力资源和社会保障局", "right": ""},
    {"left": "党组", "right": "2026年12月1日"}]."""
    avail = (width_pt - SAFETY_PT) / size_pt - 2 * indent_em  # ems between the indents
    if width(left) + gap_em + width(right) <= avail:
        return [{"left": left, "right": right}]
    lines: list[str] = []
    current = ""
    for piece in words(left):
        if current and width(current + piece) > avail:
            lines.append(current)
            current = ""
        while width(piece) > avail:  # a single word longer than the line
            cut = _fit(piece, avail)
            lines.append(piece[:cut])
            piece = piece[cut:]
        current += piece
    if current:
        if width(current) + gap_em + width(right) <= avail:
            lines.append(current)
            out = [{"left": line, "right": ""} for line in lines]
            out[-1]["right"] = right
            return out
        lines.append(current)
    out = [{"left": line, "right": ""} for line in lines]
    out.append({"left": "", "right": right})
    return out


def _fit(text: str, avail: float) -> int:
    total = 0.0
    for index, ch in enumerate(text):
        total += width(ch)
        if total > avail:
            return max(index, 1)
    return len(text)


_SPACES = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Runs of whitespace as one space (for text measured on one line)."""
    return _SPACES.sub(" ", text).strip()


__all__ = [
    "flag",
    "split_line",
    "width",
    "words",
    "title_words",
    "squeeze",
    "FLAG_SIZE_PT",
    "BODY_SIZE_PT",
    "BANJI_SIZE_PT",
    "TEXT_WIDTH_PT",
]


def wrap_list(
    head: str, text: str, size_pt: float, indent_em: float = 1.0, width_pt: float = TEXT_WIDTH_PT
) -> list[str]:
    """`head` + `text` (a list joined by 、 or ，) in lines that break after the
    punctuation: ["分送：甲，乙，", "丙。"]; continuation lines go under the first item."""
    avail = (width_pt - SAFETY_PT) / size_pt - 2 * indent_em
    pieces = re.findall(r"[^、，,；]+[、，,；]?", text) or [text]
    lines: list[str] = []
    current = head
    limit = avail
    for piece in pieces:
        if width(current) > 0 and width(current + piece) > limit and current not in ("", head):
            lines.append(current)
            current = ""
            limit = avail - width(head)
        while width(piece) > limit:
            cut = _fit(piece, limit)
            lines.append(current + piece[:cut])
            current, piece = "", piece[cut:]
            limit = avail - width(head)
        current += piece
    if current:
        lines.append(current)
    return lines
