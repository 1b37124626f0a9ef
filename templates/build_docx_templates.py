"""Build the Word templates `minutes.docx` (会议纪要) and `record.docx` (会议记录).

    python templates/build_docx_templates.py [OUT_DIR]     (default: this directory)

The .docx files are committed, but they are generated here with python-docx so they can be
reviewed as code and rebuilt byte for byte: fixed document properties and zip timestamps.
They hold docxtpl/Jinja tags (`{{ … }}`, `{%p … %}` for whole paragraphs) over the same
data as the Markdown and HTML templates (docs/minutes.md). Page set-up after
GB/T 9704-2012: A4, margins 37/35/28/26 mm (top/bottom/left/right), body 3号 (16 pt)
仿宋 at exactly 28.9 pt per line (22 lines), headings 黑体, title 小标宋, 版记 4号 (14 pt),
page numbers "— N —" in 4号宋体 7 mm below the text block, odd pages right and even pages
left. The 纪要: the 纪要标志 35 mm below the top of the text block (GB/T 9704 §10.3), one
paragraph per line as laid out by yishi (`flag.lines`, condensed by `flag.scale`), the
number two lines below it, the office/date lines (`issuer_lines`), and the 版记 in a frame
at the foot of the last page (§7.4). East Asian text is tagged zh-CN; fonts are the
official names (yishi substitutes installed ones when it prints a PDF).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
RED = RGBColor(0xE6, 0x00, 0x00)
BODY = Pt(16)  # 3号
LINE = Pt(28.9)  # 22 lines in the 225 mm text block
TEXT_WIDTH = Mm(156)
CHAR = Pt(16)
FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)
TWIPS_PER_MM = 1440 / 25.4
# footer: its bottom edge this far above the page's, so that the page number's line starts
# 7 mm below the text block (297 - 35 + 7 = 269 mm; the line is 14pt * 1.2 high)
FOOTER_DISTANCE = Mm(22.5)


def _fonts(run, east_asia: str, size=BODY, color=None, bold=False) -> None:
    run.font.size = size
    run.font.bold = bold
    run.font.name = "Times New Roman"
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    if color is not None:
        run.font.color.rgb = color


# schema order of the children of w:rPr and w:pPr (Word refuses other orders)
_ORDER = {
    "w:rPr": (
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ),
    "w:pPr": (
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ),
}


def _insert(parent, child) -> None:
    """Insert `child` into w:rPr / w:pPr at its place in the schema order."""
    order = _ORDER.get(parent.tag.replace(qn("w:x")[:-1], "w:"))
    name = child.tag.split("}")[-1]
    if order and name in order:
        later = set(order[order.index(name) + 1 :])
        for index, existing in enumerate(parent):
            if existing.tag.split("}")[-1] in later:
                parent.insert(index, child)
                return
    parent.append(child)


def _set(parent, tag: str, **attrs: str):
    """Child element `tag` of `parent` (created if missing) with raw attribute values:
    these may be Jinja expressions that docxtpl fills in ({{ flag.scale }})."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        _insert(parent, child)
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), value)
    return child


def _frame(paragraph, y: str) -> None:
    """Put the paragraph in a frame `y` twips below the top of the text block (a 版记
    line): Word and LibreOffice keep text out of it, and move it with the text before it
    to the next page when the page is full."""
    ppr = paragraph._p.get_or_add_pPr()
    frame = OxmlElement("w:framePr")
    for key, value in (
        ("w", str(round(156 * TWIPS_PER_MM))),
        ("wrap", "notBeside"),
        ("vAnchor", "margin"),
        ("hAnchor", "margin"),
        ("xAlign", "center"),
        ("y", y),
    ):
        frame.set(qn(f"w:{key}"), value)
    _insert(ppr, frame)


def _border(paragraph, side: str, size: int | str, color: str = "000000", when: str = "") -> None:
    """A rule on one side; `when`: a Jinja condition for it (else no rule, 'nil')."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        _insert(ppr, borders)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "{{ 'single' if " + when + " else 'nil' }}" if when else "single")
    edge.set(qn("w:sz"), str(size))  # eighths of a point
    edge.set(qn("w:space"), "1")
    edge.set(qn("w:color"), color)
    borders.append(edge)


def para(doc, *runs, align=None, indent=2, hanging=None, left=0, size=BODY, line=LINE, tab=None):
    """A paragraph of runs: (text, east-asian font[, colour]). `indent` is the first-line
    indent in characters, `hanging` a hanging indent (characters) with `left` (characters)."""
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line
    if align is not None:
        fmt.alignment = align
    if hanging is not None:
        fmt.left_indent = Pt(size.pt * left)
        fmt.first_line_indent = -Pt(size.pt * hanging)
    elif indent:
        fmt.first_line_indent = Pt(size.pt * indent)
    if left and hanging is None:
        fmt.left_indent = Pt(size.pt * left)
    if tab is not None:
        fmt.tab_stops.add_tab_stop(tab, WD_TAB_ALIGNMENT.RIGHT)
    for spec in runs:
        text, font, *rest = spec
        run = p.add_run(text)
        _fonts(run, font, size=size, color=rest[0] if rest else None)
    return p


def tag(doc, text: str):
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}); docxtpl removes it."""
    return para(doc, (text, FANGSONG), indent=0)


def _page_number_footer(footer, align) -> None:
    p = footer.paragraphs[0]
    p.paragraph_format.alignment = align
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(14 * 1.2)
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.space_after = Pt(0)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        p.paragraph_format.right_indent = Pt(14)
    else:
        p.paragraph_format.left_indent = Pt(14)
    _fonts(p.add_run("— "), SONGTI, size=Pt(14))
    run = p.add_run()
    _fonts(run, SONGTI, size=Pt(14))
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)
    _fonts(p.add_run(" —"), SONGTI, size=Pt(14))


def new_document(title: str):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = FOOTER_DISTANCE  # page number 7 mm below the text block
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    normal = doc.styles["Normal"]
    normal.font.size = BODY
    normal.font.name = "Times New Roman"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG)
    _set(normal.element.get_or_add_rPr(), "w:lang", val="en-US", eastAsia="zh-CN")
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for lang in defaults.iter(qn("w:lang")):
            lang.set(qn("w:eastAsia"), "zh-CN")
    props = doc.core_properties
    props.title = title
    props.author = "yishi"
    props.last_modified_by = "yishi"
    props.comments = "Generated by templates/build_docx_templates.py"
    props.language = "zh-CN"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    return doc


def minutes() -> Document:
    doc = new_document("会议纪要模板")
    tag(doc, '{%p if draft or copy == "distribution" %}')
    para(
        doc,
        (
            '{{ "草稿（未签发）" if draft else "" }}{{ "　分送件" if copy == "distribution" '
            'else "" }}',
            HEITI,
        ),
        indent=0,
    )
    tag(doc, "{%p endif %}")
    # 纪要标志: one paragraph per line laid out by yishi; its top edge 35 mm below the top
    # of the text block (less the line of marks above it)
    tag(doc, "{%p for line in flag.lines %}")
    flag = para(
        doc,
        ("{{ line }}", XIAOBIAOSONG, RED),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=0,
        size=Pt(26),
        line=Pt(34),
    )
    spacing = flag._p.get_or_add_pPr().find(qn("w:spacing"))
    spacing.set(qn("w:before"), "{{ flag.before_twips if loop.first else 0 }}")
    spacing.set(qn("w:line"), "{{ flag.line_twips }}")
    rpr = flag.runs[0]._element.get_or_add_rPr()
    _set(rpr, "w:w", val="{{ flag.scale }}")
    for tag_name in ("w:sz", "w:szCs"):
        _set(rpr, tag_name, val="{{ flag.half_points }}")
    tag(doc, "{%p endfor %}")
    # the number, centred two lines below the flag (GB/T 9704 §7.2.2 空二行)
    number = para(
        doc, ('{{ number or "〔　　〕　号" }}', FANGSONG), align=WD_ALIGN_PARAGRAPH.CENTER, indent=0
    )
    number.paragraph_format.space_before = LINE * 2
    # issuing office at the left, the date whole at the right
    tag(doc, "{%p for line in issuer_lines %}")
    para(
        doc,
        ("{{ line.left }}\t{{ line.right }}", FANGSONG),
        indent=0,
        left=1,
        tab=TEXT_WIDTH - CHAR,
    )
    tag(doc, "{%p endfor %}")
    red_line = para(doc, ("", FANGSONG), indent=0, line=Pt(8))
    _border(red_line, "bottom", 12, "E60000")
    para(doc, ("", FANGSONG), indent=0)
    para(doc, ("{{ opening }}", FANGSONG))
    tag(doc, "{%p for item in items %}")
    para(doc, ("{{ item.cn }}、{{ item.heading }}", HEITI))
    tag(doc, "{%p for paragraph in item.paragraphs %}")
    para(doc, ("{{ paragraph }}", FANGSONG))
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if amendments %}")
    para(doc, ("更正说明", HEITI))
    tag(doc, "{%p for a in amendments %}")
    para(
        doc,
        (
            '{{ a.date }}更正{{ ("（第" ~ (a.item | cnnum) ~ "项）") if a.item else "" }}：'
            "{{ a.text | sentence }}",
            FANGSONG,
        ),
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    para(doc, ("", FANGSONG), indent=0)
    para(doc, ("出席：", HEITI), ('{{ text.present or "无" }}', FANGSONG), hanging=3, left=5)
    for cond, label, value in (
        ("leave", "请假：", "text.leave"),
        ("absent", "缺席：", "text.absent"),
        ("unrecorded", "未登记：", "text.unrecorded"),
        ("guests", "列席：", "text.guests"),
        ("recorder", "记录：", "recorder"),
    ):
        tag(doc, f"{{%p if {cond} %}}")
        para(doc, (label, HEITI), (f"{{{{ {value} }}}}", FANGSONG), hanging=3, left=5)
        tag(doc, "{%p endif %}")
    # 版记 (GB/T 9704 §7.4): one framed line per row laid out by yishi (`banji`), stacked
    # up from the foot of the text block: the last rule is its bottom edge, on the last
    # page; thick first and last rules, thin ones between; no 签发 on a 纪要
    # (MINUTES_FORMAT §10). Word and LibreOffice move the frames, and the text before
    # them, to the next page when the last page is full.
    tag(doc, "{%p for row in banji %}")
    row = para(
        doc,
        ("{{ row.left }}\t{{ row.right }}", FANGSONG),
        indent=0,
        size=Pt(14),
        line=Pt(24),
        tab=TEXT_WIDTH - Pt(14),
    )
    row.paragraph_format.right_indent = Pt(14)
    ppr = row._p.get_or_add_pPr()
    _set(ppr, "w:ind", left="{{ row.indent }}")
    _border(row, "top", "{{ row.top or 4 }}", when="row.top")
    _border(row, "bottom", "{{ row.bottom or 4 }}", when="row.bottom")
    for edge in ppr.find(qn("w:pBdr")):
        edge.set(qn("w:space"), "0")
    _frame(row, y="{{ row.y }}")
    # a 1 pt paragraph between two frames keeps them apart (adjacent framed paragraphs
    # are merged by LibreOffice into one frame, wherever their own positions say)
    spacer = para(doc, ("", FANGSONG), indent=0, size=Pt(1), line=Pt(1))
    spacer.paragraph_format.space_before = Pt(0)
    tag(doc, "{%p endfor %}")
    return doc


def record() -> Document:
    doc = new_document("会议记录模板")
    tag(doc, '{%p if copy == "distribution" %}')
    para(doc, ("分送件", HEITI), indent=0)
    tag(doc, "{%p endif %}")
    # the title, one paragraph per line as laid out by yishi (broken between words only)
    tag(doc, "{%p for line in record_flag.lines %}")
    title = para(
        doc,
        ("{{ line }}", XIAOBIAOSONG),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=0,
        size=Pt(22),
        line=Pt(36),
    )
    rpr = title.runs[0]._element.get_or_add_rPr()
    _set(rpr, "w:w", val="{{ record_flag.scale }}")
    for tag_name in ("w:sz", "w:szCs"):
        _set(rpr, tag_name, val="{{ record_flag.half_points }}")
    tag(doc, "{%p endfor %}")
    para(doc, ("", FANGSONG), indent=0)
    fields = [
        ("会议名称：", "{{ meeting.title or meeting_name }}"),
        (
            "时　　间：",
            "{{ meeting.date_text }}{{ (' ' ~ meeting.time_text) if meeting.time else '' }}",
        ),
        ("地　　点：", '{{ meeting.place or "—" }}'),
        (
            "主 持 人：",
            '{{ chair.name if chair else "—" }}'
            '{{ ("（" ~ chair.title ~ "）") if chair and chair.title else "" }}'
            '{{ ("；" ~ text.chair_changes) if text.chair_changes else "" }}',
        ),
        ("应　　到：", "{{ members_total }}人　实到：{{ present_count }}人"),
        ("出 席 人：", '{{ text.present or "无" }}'),
        ("缺席人及原因：", '{{ text.not_present or "无" }}'),
        ("列 席 人：", '{{ text.guests or "无" }}'),
        ("记 录 人：", '{{ recorder or "—" }}'),
    ]
    for label, value in fields:
        para(doc, (label, HEITI), (value, FANGSONG), indent=0)
    para(doc, ("议　　题：", HEITI), indent=0)
    tag(doc, "{%p for item in items %}")
    para(
        doc,
        (
            "{{ item.number }}．{{ item.title }}"
            '{{ ("（" ~ item.kind.name ~ "）") if not item.redacted else "" }}',
            FANGSONG,
        ),
    )
    tag(doc, "{%p endfor %}")
    para(doc, ("发言记录", HEITI), indent=0)
    tag(doc, "{%p for item in items %}")
    para(doc, ("{{ item.cn }}、{{ item.title }}", KAITI))
    tag(doc, "{%p if item.redacted or not item.kind.vote %}")
    para(doc, ("{{ item.paragraphs[0] }}", FANGSONG))
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if not item.redacted %}")
    for cond, label, value in (
        ("item.presenter", "汇报人：", "{{ item.presenter }}"),
        ("item.amount", "金额：", "{{ item.amount_text }}"),
        ("item.candidates", "人选：", '{{ item.candidates | join("、") }}'),
    ):
        tag(doc, f"{{%p if {cond} %}}")
        para(doc, (label, HEITI), (value, FANGSONG))
        tag(doc, "{%p endif %}")
    tag(doc, "{%p for r in item.recusals %}")
    para(
        doc,
        ("回避：", HEITI),
        ('{{ r.name }}{{ ("（" ~ r.reason ~ "）") if r.reason else "" }}', FANGSONG),
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for s in item.speeches + item.written_opinions %}")
    para(doc, ("{{ s.line }}", FANGSONG))
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for h in item.history %}")
    para(doc, ("{{ h }}", FANGSONG))
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if item.kind.vote %}")
    para(
        doc,
        ("表决情况：", HEITI),
        (
            "{% for v in item.votes %}{{ v.line }}{% else %}"
            '{{ "缓议。" if item.deferred else "未表决。" }}{% endfor %}',
            FANGSONG,
        ),
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if item.decision_text %}")
    para(doc, ("决定事项：", HEITI), ("{{ item.decision_text }}", FANGSONG))
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if amendments or follow_ups %}")
    para(doc, ("更正及落实情况", HEITI), indent=0)
    tag(doc, "{%p for a in amendments %}")
    para(
        doc,
        (
            '{{ a.date }}更正{{ ("（第" ~ a.item ~ "项）") if a.item else "" }}：'
            "{{ a.text | sentence }}",
            FANGSONG,
        ),
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for a in follow_ups %}")
    para(
        doc,
        (
            '{{ a.date }}落实情况{{ ("（第" ~ a.item ~ "项）") if a.item else "" }}：'
            "{{ a.text | sentence }}",
            FANGSONG,
        ),
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if forced %}")
    para(doc, ("备注：", HEITI), ("本纪要在规则检查存在问题的情况下强制签发。", FANGSONG))
    tag(doc, "{%p endif %}")
    para(doc, ("散会。", FANGSONG))
    para(doc, ("", FANGSONG), indent=0)
    para(
        doc,
        ("主持人（签字）：＿＿＿＿＿\t记录人（签字）：＿＿＿＿＿", FANGSONG),
        indent=0,
        tab=TEXT_WIDTH - CHAR,
    )
    return doc


def reproducible(doc: Document) -> bytes:
    """The document as .docx bytes with fixed zip timestamps and permissions, no
    thumbnail, East Asian text tagged zh-CN."""
    from yishi.printing import finish_docx

    raw = io.BytesIO()
    doc.save(raw)
    return finish_docx(raw.getvalue())


def build(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in (("minutes.docx", minutes), ("record.docx", record)):
        path = out_dir / name
        path.write_bytes(reproducible(make()))
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for path in build(target):
        print(path)
