"""The printed page: the 纪要's fixed lines laid out (yishi.layout), fonts with fallbacks,
and the finishing of a rendered Word file (document properties, language, fonts).

Fonts. Each role names the official font first and then what may be installed instead
(GB/T 9704 fonts are rarely on Linux): 仿宋_GB2312 → 仿宋/FangSong → STFangsong → Noto Serif
CJK SC; 黑体/SimHei → Noto Sans CJK SC; 方正小标宋 → a bold serif. A body can put its own
fonts first (`[body.fonts]` in its rules: fangsong, heiti, kaiti, title, songti); a
template can name any font it likes. HTML lists the whole chain in CSS; a Word file names
the first font of each chain (what the receiving office has), and `yishi.pdf` resolves the
chain against the fonts installed before LibreOffice prints it.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import re
import zipfile
from typing import Any
from xml.sax.saxutils import escape

from yishi import layout

ROLES = ("fangsong", "heiti", "kaiti", "title", "songti")
# the official name of each role, as the built-in Word templates write it
OFFICIAL = {
    "fangsong": "仿宋_GB2312",
    "heiti": "黑体",
    "kaiti": "楷体_GB2312",
    "title": "方正小标宋简体",
    "songti": "宋体",
}
FALLBACKS = {
    "fangsong": [
        "仿宋_GB2312",
        "FangSong_GB2312",
        "仿宋",
        "FangSong",
        "STFangsong",
        "华文仿宋",
        "Noto Serif CJK SC",
        "Source Han Serif SC",
        "AR PL UMing CN",
    ],
    "heiti": [
        "黑体",
        "SimHei",
        "STHeiti",
        "Heiti SC",
        "Noto Sans CJK SC",
        "Source Han Sans SC",
        "WenQuanYi Zen Hei",
    ],
    "kaiti": [
        "楷体_GB2312",
        "KaiTi_GB2312",
        "楷体",
        "KaiTi",
        "STKaiti",
        "华文楷体",
        "AR PL UKai CN",
        "Noto Serif CJK SC",
        "Source Han Serif SC",
    ],
    "title": [
        "方正小标宋简体",
        "FZXiaoBiaoSong-B05S",
        "方正小标宋_GBK",
        "STZhongsong",
        "华文中宋",
        "Noto Serif CJK SC",
        "Source Han Serif SC",
    ],
    "songti": ["宋体", "SimSun", "STSong", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC"],
}
GENERIC = {
    "fangsong": "serif",
    "heiti": "sans-serif",
    "kaiti": "serif",
    "title": "serif",
    "songti": "serif",
}
RECORD_TITLE_PT = 22.0  # 2号
FLAG_TOP_MM = 35.0  # GB/T 9704 §10.3: 纪要标志 上边缘至版心上边缘为35mm
LINE_PT = 28.9  # one body line (22 lines in the 225 mm text block)
FLAG_LINE = 1.3  # the flag's line height, in its font size
# space above the glyphs inside the flag's line (measured: LibreOffice/Noto, Chromium)
FLAG_LEADING = 0.15
# fonts that stand in for 小标宋 only in bold (a regular serif is too light for the flag)
BOLD_STAND_INS = ("Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN")


def font_chains(rules: Any) -> dict[str, list[str]]:
    """Each role's fonts, most wanted first: the body's own (`[body.fonts]`), then ours."""
    own = {}
    raw = getattr(rules, "raw", {}) or {}
    body = raw.get("body", {}) if isinstance(raw, dict) else {}
    fonts = body.get("fonts", {}) if isinstance(body, dict) else {}
    if isinstance(fonts, dict):
        own = fonts
    chains = {}
    for role in ROLES:
        first = own.get(role, [])
        first = [first] if isinstance(first, str) else [f for f in first if isinstance(f, str)]
        chain = []
        for name in [*first, *FALLBACKS[role]]:
            if name and name not in chain:
                chain.append(name)
        chains[role] = chain
    return chains


# The CSS of a font chain and the flag and office/date lines are pure functions of a few
# strings that repeat from meeting to meeting (a body's fonts, title, office, date): kept
# in small bounded caches, and handed out as fresh lists and dicts every time.
_CSS_CACHE = 512
_LAYOUT_CACHE = 256


@functools.lru_cache(maxsize=_CSS_CACHE)
def _css_name(name: str) -> str:
    """A font name quoted for CSS, with nothing that could end the string or the rule."""
    kept = "".join(ch for ch in name if ch.isalnum() or ch in " -_.·")
    return '"' + kept.strip() + '"'


def css_family(chain: list[str], generic: str) -> str:
    return ", ".join([*(_css_name(n) for n in chain), generic])


@functools.lru_cache(maxsize=_LAYOUT_CACHE)
def _flag(title: str, body_name: str, size_pt: float) -> tuple[tuple[str, ...], object, object]:
    laid = layout.flag(title, body_name, size_pt=size_pt)
    return tuple(laid["lines"]), laid["scale"], laid["size"]  # type: ignore[arg-type]


def _flag_dict(title: str, body_name: str, size_pt: float = layout.FLAG_SIZE_PT) -> dict[str, Any]:
    """layout.flag(...), a new dict each call."""
    lines, scale, size = _flag(title, body_name, size_pt)
    return {"lines": list(lines), "scale": scale, "size": size}


@functools.lru_cache(maxsize=_LAYOUT_CACHE)
def _split(left: str, right: str, size_pt: float) -> tuple[tuple[str, str], ...]:
    return tuple((line["left"], line["right"]) for line in layout.split_line(left, right, size_pt))


def _split_line(left: str, right: str, size_pt: float) -> list[dict[str, str]]:
    """layout.split_line(...), new dicts each call."""
    return [{"left": a, "right": b} for a, b in _split(left, right, size_pt)]


_TITLE_STAND_INS = ", ".join(
    f'local("{n} Bold"), local("{n.replace(" ", "")}-Bold")' for n in BOLD_STAND_INS
)


def page_layout(ctx: dict[str, Any], rules: Any) -> dict[str, Any]:
    """What the templates need to print the 纪要's fixed blocks (docs/minutes.md)."""
    chains = font_chains(rules)
    office = ctx["office"]
    date_text = ctx["issue_date_text"]
    title_stand_ins = _TITLE_STAND_INS
    title_local = ", ".join(
        f"local({_css_name(n)})" for n in chains["title"] if n not in BOLD_STAND_INS
    )
    flag = _flag_dict(ctx["minutes_title"], ctx["body"]["name"])
    size = float(flag["size"])  # type: ignore[arg-type]
    marks = bool(ctx.get("draft")) or ctx.get("copy") == "distribution"
    # the flag's top edge 35 mm below the top of the text block (GB/T 9704 §10.3); a line
    # of marks (草稿, 分送件) above it takes part of that space
    before_pt = FLAG_TOP_MM / 25.4 * 72 - (LINE_PT if marks else 0) - FLAG_LEADING * size
    flag.update(
        half_points=round(size * 2),
        line_twips=round(size * FLAG_LINE * 20),
        before_twips=max(0, round(before_pt * 20)),
        line_pt=round(size * FLAG_LINE, 2),
        before_mm=round(max(0.0, before_pt) * 25.4 / 72, 2),
    )
    # the 版头 (flag to red rule) as a whole number of body lines: the HTML keeps every
    # block on the 22-line grid (so its 版记 can be put at the foot of the last page)
    header_pt = (
        max(0.0, before_pt)
        + size * FLAG_LINE * len(flag["lines"])  # type: ignore
        + LINE_PT * (3 + len(_split(office, date_text, 16)))
        + 14
    )
    # the 会议记录's title (2号, black) follows the same rule: broken between words only
    record_flag = _flag_dict(ctx.get("record_title", ""), ctx["body"]["name"], RECORD_TITLE_PT)
    record_flag.update(half_points=round(float(record_flag["size"]) * 2))  # type: ignore
    return {
        "record_flag": record_flag,
        "header_lines": math.ceil(header_pt / LINE_PT) + 1,
        "flag": flag,
        "issuer_lines": _split_line(office, date_text, layout.BODY_SIZE_PT),
        "print_lines": _split_line(office, date_text + "印发", layout.BANJI_SIZE_PT),
        "fonts": {
            **{role: chain[0] for role, chain in chains.items()},
            "chains": chains,
            "css": {role: css_family(chain, GENERIC[role]) for role, chain in chains.items()},
            # @font-face src for the flag: 小标宋 where installed, else a bold serif
            "title_src": ", ".join(p for p in (title_local, title_stand_ins) if p),
        },
    }


BANJI_LINE_TWIPS = 480  # one 版记 line: 4号 (14 pt) on exactly 24 pt
THICK, THIN = 8, 6  # rules of the 版记 in eighths of a point: 0.35 mm and 0.25 mm (≈)
TEXT_HEIGHT_TWIPS = round(225 / 25.4 * 1440)  # the text block


def banji(ctx: dict[str, Any]) -> dict[str, Any]:
    """The 版记's lines (GB/T 9704 §7.4), laid out from the foot of the text block up, so
    its last rule is the text block's bottom edge: 分送 (wrapped after 、/，), the seal's
    封存摘要 when there is one, the office and the 印发 date. Each row: `left`, `right`,
    `indent` (twips), `top`/`bottom` rule sizes (0 = none) and `y` (twips from the top
    of the text block, for a Word frame)."""
    rows: list[dict[str, Any]] = []
    char = round(layout.BANJI_SIZE_PT * 20)
    if ctx.get("distribution"):
        text = ctx.get("text", {}).get("distribution", "") + "。"
        for index, line in enumerate(layout.wrap_list("分送：", text, layout.BANJI_SIZE_PT)):
            rows.append(
                {
                    "left": line,
                    "right": "",
                    "indent": char * (1 if index == 0 else 4),
                    "group": "distribution",
                }
            )
    digest = str(ctx.get("digest") or "")
    if digest:
        rows.append({"left": f"封存摘要：{digest}", "right": "", "indent": char, "group": "digest"})
    printed: list[dict[str, str]] = ctx.get("print_lines") or layout.split_line(
        ctx.get("office", ""), ctx.get("issue_date_text", "") + "印发", layout.BANJI_SIZE_PT
    )
    for entry in printed:
        rows.append(
            {"left": entry["left"], "right": entry["right"], "indent": char, "group": "print"}
        )
    for index, row in enumerate(rows):
        first_of_group = index == 0 or rows[index - 1]["group"] != row["group"]
        row["top"] = THICK if index == 0 else (THIN if first_of_group else 0)
        row["bottom"] = THICK if index == len(rows) - 1 else 0
    y = TEXT_HEIGHT_TWIPS
    for row in reversed(rows):
        height = BANJI_LINE_TWIPS + (row["top"] + row["bottom"]) * 20 // 8
        y -= height
        row["y"] = y
    return {"banji": rows}


# ------------------------------------------------------------------ Word finishing

_FONT_ATTR = re.compile(r'(w:(?:eastAsia|ascii|hAnsi|cs)=")([^"]*)(")')
_FONT_NAME = re.compile(r'(<w:font w:name=")([^"]*)(")')
_LANG = re.compile(r"<w:lang\b[^>]*/>")


def _core_xml(ctx: dict[str, Any]) -> bytes:
    number = ctx.get("number") or ""
    title = " ".join(p for p in (number, ctx.get("minutes_title", "")) if p)
    day = ctx.get("issue_date")
    stamp = (
        day.isoformat() if isinstance(day, dt.date) else str(day or "2000-01-01")
    ) + "T00:00:00Z"
    office = ctx.get("office", "")
    fields = [
        ("dc:title", title),
        ("dc:subject", ctx.get("meeting_name", "")),
        ("dc:creator", office),
        ("cp:lastModifiedBy", office),
        ("cp:keywords", "会议纪要" if "minutes_title" in ctx else ""),
        ("dc:language", "zh-CN"),
        ("cp:revision", "1"),
    ]
    body = "".join(f"<{k}>{escape(str(v))}</{k}>" for k, v in fields)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/'
        'dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'{body}<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def replace_fonts(xml: str, mapping: dict[str, str]) -> str:
    """Font names in a WordprocessingML part replaced per `mapping`."""
    if not mapping:
        return xml

    def sub(match: re.Match[str]) -> str:
        name = match.group(2)
        return match.group(1) + escape(mapping.get(name, name), {'"': "&quot;"}) + match.group(3)

    return _FONT_NAME.sub(sub, _FONT_ATTR.sub(sub, xml))


def finish_docx(
    data: bytes,
    ctx: dict[str, Any] | None = None,
    fonts: dict[str, str] | None = None,
    bold: tuple[str, ...] = (),
) -> bytes:
    """The rendered .docx with its document properties from `ctx` (title = number and
    body, dates = the issue date), no thumbnail, East Asian text tagged zh-CN, and font
    names replaced per `fonts` (official name -> wanted name). Runs naming a font in
    `bold` are made bold (a serif standing in for 小标宋)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            name = info.filename
            content = finish_member(name, src.read(name), ctx, fonts, bold)
            if content is None:
                continue
            fixed = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, content)
    return out.getvalue()


def finish_member(
    name: str,
    content: bytes,
    ctx: dict[str, Any] | None = None,
    fonts: dict[str, str] | None = None,
    bold: tuple[str, ...] = (),
) -> bytes | None:
    """One member of the .docx as `finish_docx` leaves it (None: left out)."""
    if name.startswith("docProps/thumbnail"):
        return None
    if name == "_rels/.rels":
        return re.sub(rb"<Relationship [^>]*docProps/thumbnail[^>]*/>", b"", content)
    if name == "[Content_Types].xml":
        return re.sub(rb"<Override [^>]*docProps/thumbnail[^>]*/>", b"", content)
    if name == "docProps/core.xml" and ctx is not None:
        return _core_xml(ctx)
    if name.startswith("word/") and name.endswith(".xml"):
        return finish_fonts(zh_lang(content.decode("utf-8")), fonts, bold).encode("utf-8")
    return content


def zh_lang(xml: str) -> str:
    """Every <w:lang/> of a WordprocessingML part tagged East Asian zh-CN (idempotent)."""
    return _LANG.sub(_zh_lang, xml)


def finish_fonts(xml: str, fonts: dict[str, str] | None, bold: tuple[str, ...] = ()) -> str:
    """A WordprocessingML part's runs in `bold` fonts made bold, then its font names
    replaced per `fonts` (the font half of `finish_member`)."""
    if bold:  # by the names the file has now, before they are replaced
        xml = _embolden(xml, bold)
    return replace_fonts(xml, fonts or {})


def _zh_lang(match: re.Match[str]) -> str:
    tag = match.group(0)
    if 'w:eastAsia="' in tag:
        return re.sub(r'w:eastAsia="[^"]*"', 'w:eastAsia="zh-CN"', tag)
    return tag[:-2].rstrip() + ' w:eastAsia="zh-CN"/>'


_RPR_WITH_FONT = re.compile(
    r'<w:rPr>(?:(?!</w:rPr>).)*?w:eastAsia="([^"]*)"(?:(?!</w:rPr>).)*'
    r"</w:rPr>",
    re.S,
)


def _embolden(xml: str, fonts: tuple[str, ...]) -> str:
    def sub(match: re.Match[str]) -> str:
        rpr = match.group(0)
        if match.group(1) not in fonts or "<w:b/>" in rpr:
            return rpr
        rpr = re.sub(r'<w:b w:val="(?:0|false)"/>', "", rpr)
        rpr = re.sub(r'<w:bCs w:val="(?:0|false)"/>', "", rpr)
        fonts_end = re.search(r"<w:rFonts\b[^>]*/>", rpr)
        at = fonts_end.end() if fonts_end else len("<w:rPr>")
        return rpr[:at] + "<w:b/><w:bCs/>" + rpr[at:]

    return _RPR_WITH_FONT.sub(sub, xml)


__all__ = [
    "page_layout",
    "banji",
    "font_chains",
    "finish_docx",
    "finish_member",
    "finish_fonts",
    "zh_lang",
    "replace_fonts",
    "css_family",
    "OFFICIAL",
    "FALLBACKS",
    "ROLES",
    "BOLD_STAND_INS",
]
