"""Build the Word templates `minutes.docx` (会议纪要) and `record.docx` (会议记录).

    python templates/build_docx_templates.py [OUT_DIR]     (default: this directory)

The .docx files are committed, but they are generated here with python-docx so they can be
reviewed as code and rebuilt byte for byte: fixed document properties and zip timestamps.
They hold docxtpl/Jinja tags (`{{ … }}`, `{%p … %}` for whole paragraphs) over the same
data as the Markdown and HTML templates (docs/minutes.md). Page set-up after
GB/T 9704-2012: A4, margins 37/35/28/26 mm (top/bottom/left/right), body 3号 (16 pt)
仿宋 at exactly 28.9 pt per line (22 lines), headings 黑体, title 小标宋, 版记 4号 (14 pt),
page numbers "— N —" in 4号宋体, odd pages right and even pages left.
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


def _border(paragraph, side: str, size: int, color: str = "000000") -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size))  # eighths of a point
    edge.set(qn("w:space"), "1")
    edge.set(qn("w:color"), color)
    borders.append(edge)


def para(doc, *runs, align=None, indent=2, hanging=None, left=0, size=BODY, line=LINE,
         tab=None):
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
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        p.paragraph_format.right_indent = Pt(14)
    else:
        p.paragraph_format.left_indent = Pt(14)
    _fonts(p.add_run("— "), SONGTI, size=Pt(14))
    run = p.add_run()
    _fonts(run, SONGTI, size=Pt(14))
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                       ("end", None)):
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
    section.footer_distance = Mm(28)  # page number 7 mm below the text block
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    normal = doc.styles["Normal"]
    normal.font.size = BODY
    normal.font.name = "Times New Roman"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG)
    props = doc.core_properties
    props.title = title
    props.author = "yishi"
    props.last_modified_by = "yishi"
    props.comments = "Generated by templates/build_docx_templates.py"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    return doc


def minutes() -> Document:
    doc = new_document("会议纪要模板")
    tag(doc, '{%p if draft or copy == "distribution" %}')
    para(doc, ('{{ "草稿（未签发）" if draft else "" }}{{ "　分送件" if copy == "distribution" '
               'else "" }}', HEITI), indent=0)
    tag(doc, "{%p endif %}")
    para(doc, ("{{ minutes_title }}", XIAOBIAOSONG, RED), align=WD_ALIGN_PARAGRAPH.CENTER,
         indent=0, size=Pt(26), line=Pt(40))
    para(doc, ("", FANGSONG), indent=0)
    para(doc, ('{{ number or "〔　　〕　号" }}', FANGSONG), align=WD_ALIGN_PARAGRAPH.CENTER,
         indent=0)
    para(doc, ("{{ office }}\t{{ issue_date_text }}", FANGSONG), indent=0, left=1,
         tab=TEXT_WIDTH - CHAR)
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
    para(doc, ('{{ a.date }}更正{{ ("（第" ~ (a.item | cnnum) ~ "项）") if a.item else "" }}：'
               "{{ a.text | sentence }}", FANGSONG))
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    para(doc, ("", FANGSONG), indent=0)
    para(doc, ("出席：", HEITI), ('{{ text.present or "无" }}', FANGSONG), hanging=3, left=5)
    for cond, label, value in (("leave", "请假：", "text.leave"),
                               ("absent", "缺席：", "text.absent"),
                               ("unrecorded", "未登记：", "text.unrecorded"),
                               ("guests", "列席：", "text.guests"),
                               ("recorder", "记录：", "recorder")):
        tag(doc, f"{{%p if {cond} %}}")
        para(doc, (label, HEITI), (f"{{{{ {value} }}}}", FANGSONG), hanging=3, left=5)
        tag(doc, "{%p endif %}")
    para(doc, ("", FANGSONG), indent=0)
    para(doc, ("", FANGSONG), indent=0)
    small = Pt(14)
    first = para(doc, ('{{ ("分送：" ~ text.distribution ~ "。") if distribution else "" }}',
                       FANGSONG), indent=0, left=1, size=small, line=Pt(24))
    _border(first, "top", 8)
    tag(doc, "{%p if signer_text %}")
    para(doc, ("签发：{{ signer_text }}", FANGSONG), indent=0, left=1, size=small, line=Pt(24))
    tag(doc, "{%p endif %}")
    last = para(doc, ("{{ office }}\t{{ issue_date_text }}印发", FANGSONG), indent=0, left=1,
                size=small, line=Pt(24), tab=TEXT_WIDTH - Pt(14))
    _border(last, "top", 4)
    _border(last, "bottom", 8)
    return doc


def record() -> Document:
    doc = new_document("会议记录模板")
    tag(doc, '{%p if copy == "distribution" %}')
    para(doc, ("分送件", HEITI), indent=0)
    tag(doc, "{%p endif %}")
    para(doc, ("{{ record_title }}", XIAOBIAOSONG), align=WD_ALIGN_PARAGRAPH.CENTER, indent=0,
         size=Pt(22), line=Pt(36))
    para(doc, ("", FANGSONG), indent=0)
    fields = [
        ("会议名称：", "{{ meeting.title or meeting_name }}"),
        ("时　　间：", "{{ meeting.date_text }}"
                     "{{ (' ' ~ meeting.time_text) if meeting.time else '' }}"),
        ("地　　点：", '{{ meeting.place or "—" }}'),
        ("主 持 人：", '{{ chair.name if chair else "—" }}'
                     '{{ ("（" ~ chair.title ~ "）") if chair and chair.title else "" }}'
                     '{{ ("；" ~ text.chair_changes) if text.chair_changes else "" }}'),
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
    para(doc, ("{{ item.number }}．{{ item.title }}"
               '{{ ("（" ~ item.kind.name ~ "）") if not item.redacted else "" }}', FANGSONG))
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
            ("item.amount", "金额：", "{{ item.amount }}元"),
            ("item.candidates", "人选：", '{{ item.candidates | join("、") }}')):
        tag(doc, f"{{%p if {cond} %}}")
        para(doc, (label, HEITI), (value, FANGSONG))
        tag(doc, "{%p endif %}")
    tag(doc, "{%p for r in item.recusals %}")
    para(doc, ("回避：", HEITI),
         ('{{ r.name }}{{ ("（" ~ r.reason ~ "）") if r.reason else "" }}', FANGSONG))
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for s in item.speeches + item.written_opinions %}")
    para(doc, ("{{ s.line }}", FANGSONG))
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for h in item.history %}")
    para(doc, ("{{ h }}", FANGSONG))
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if item.kind.vote %}")
    para(doc, ("表决情况：", HEITI),
         ('{% for v in item.votes %}{{ v.line }}{% else %}'
          '{{ "缓议。" if item.deferred else "未表决。" }}{% endfor %}', FANGSONG))
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if item.decision_text %}")
    para(doc, ("决定事项：", HEITI), ("{{ item.decision_text }}", FANGSONG))
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if amendments or follow_ups %}")
    para(doc, ("更正及落实情况", HEITI), indent=0)
    tag(doc, "{%p for a in amendments %}")
    para(doc, ('{{ a.date }}更正{{ ("（第" ~ a.item ~ "项）") if a.item else "" }}：'
               "{{ a.text | sentence }}", FANGSONG))
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for a in follow_ups %}")
    para(doc, ('{{ a.date }}落实情况{{ ("（第" ~ a.item ~ "项）") if a.item else "" }}：'
               "{{ a.text | sentence }}", FANGSONG))
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if forced %}")
    para(doc, ("备注：", HEITI), ("本纪要在规则检查存在问题的情况下强制签发。", FANGSONG))
    tag(doc, "{%p endif %}")
    para(doc, ("散会。", FANGSONG))
    para(doc, ("", FANGSONG), indent=0)
    para(doc, ("主持人（签字）：＿＿＿＿＿＿\t记录人（签字）：＿＿＿＿＿＿", FANGSONG), indent=0,
         tab=TEXT_WIDTH)
    return doc


def reproducible(doc: Document) -> bytes:
    """The document as .docx bytes with fixed zip timestamps and permissions."""
    from yishi.render import stable_zip

    raw = io.BytesIO()
    doc.save(raw)
    return stable_zip(raw.getvalue())


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
