"""Build the Word templates `notice.docx` (会议通知) and `signin.docx` (签到表).

    python templates/build_notice_docx.py [OUT_DIR]     (default: this directory)

Same page set-up and fonts as the minutes (build_docx_templates.py, GB/T 9704-2012), same
data as notice.md.j2 / signin.md.j2 (docs/minutes.md, "会议通知与签到表"); reproducible bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_docx_templates import (  # noqa: E402
    FANGSONG,
    HEITI,
    XIAOBIAOSONG,
    _fonts,
    new_document,
    para,
    reproducible,
    tag,
)


def notice():
    doc = new_document("会议通知模板")
    tag(doc, "{%p if draft %}")
    para(doc, ("草稿（未发出）", HEITI), indent=0)
    tag(doc, "{%p endif %}")
    para(
        doc,
        ("{{ title }}", XIAOBIAOSONG),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=0,
        size=Pt(22),
        line=Pt(36),
    )
    para(doc, ("", FANGSONG))
    para(doc, ('{{ attendees_text or "各位成员" }}：', FANGSONG), indent=0)
    para(
        doc,
        (
            "经研究，定于{{ meeting.when }}{{ ('在' ~ meeting.place) if meeting.place else '' }}"
            "召开{{ meeting.title or meeting_name }}"
            "{{ ('，由' ~ (chair.title or '') ~ chair.name ~ '主持') if chair else '' }}。"
            "现将有关事项通知如下：",
            FANGSONG,
        ),
    )
    para(doc, ("一、会议议题", HEITI))
    tag(doc, "{%p for item in items %}")
    para(
        doc,
        (
            "{{ item.position }}．{{ item.title }}"
            "{{ ('（汇报人：' ~ item.presenter ~ '）') if item.presenter else '' }}"
            "{{ ('，申报单位：' ~ item.by) if item.by else '' }}"
            "{{ ('；前置程序：' ~ item.prerequisites_text) if item.prerequisites_text "
            "else '' }}",
            FANGSONG,
        ),
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not items %}")
    para(doc, ("议题待审定。", FANGSONG))
    tag(doc, "{%p endif %}")
    para(doc, ("二、参会人员", HEITI))
    para(doc, ('出席：{{ attendees_text or "—" }}', FANGSONG))
    tag(doc, "{%p if leave_text %}")
    para(doc, ("请假：{{ leave_text }}", FANGSONG))
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if guests_text %}")
    para(doc, ("列席：{{ guests_text }}", FANGSONG))
    tag(doc, "{%p endif %}")
    para(doc, ("三、会议材料", HEITI))
    para(
        doc,
        (
            "{{ ('请于' ~ materials_due_text ~ '前将会议材料送达参会人员') "
            "if materials_due_text else '会议材料随会分发' }}"
            "{{ ('（' ~ materials_note ~ '）') if materials_note else '' }}。",
            FANGSONG,
        ),
    )
    tag(doc, "{%p for item in items if item.materials %}")
    para(doc, ("{{ item.title }}：{{ item.materials }}", FANGSONG))
    tag(doc, "{%p endfor %}")
    para(doc, ("四、有关要求", HEITI))
    para(
        doc,
        (
            "请参会人员安排好工作，准时出席；因故不能参加的，请于会前向会议主持人请假。"
            "{{ ('本次会议已告知' ~ notify_text ~ '。') if notify_text else '' }}",
            FANGSONG,
        ),
    )
    tag(doc, "{%p if contact %}")
    para(doc, ("联系人：{{ contact }}", FANGSONG))
    tag(doc, "{%p endif %}")
    para(doc, ("", FANGSONG))
    para(doc, ("{{ office }}", FANGSONG), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=0)
    para(
        doc,
        ('{{ sent_text or "　　年　月　日" }}', FANGSONG),
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        indent=0,
    )
    return doc


def signin():
    doc = new_document("签到表模板")
    para(
        doc,
        ("{{ signin_title }}", XIAOBIAOSONG),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=0,
        size=Pt(22),
        line=Pt(36),
    )
    para(
        doc,
        ('时间：{{ meeting.when }}　地点：{{ meeting.place or "　　　　" }}', FANGSONG),
        indent=0,
    )
    headers = ("序号", "姓名", "职务", "签到", "备注")
    cells = (
        "{{ loop.index }}",
        "{{ row.name }}",
        "{{ row.title }}",
        "",
        '{{ "列席" if row.kind == "guest" else "" }}',
    )
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER

    def fill(cell, text, font):
        p = cell.paragraphs[0]
        p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _fonts(p.add_run(text), font, size=Pt(14))

    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        fill(cell, text, HEITI)
    table.rows[1].cells[0].merge(table.rows[1].cells[-1])
    fill(table.rows[1].cells[0], "{%tr for row in rows %}", FANGSONG)
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        fill(cell, text, FANGSONG)
    table.rows[2].height = Pt(40)
    table.rows[3].cells[0].merge(table.rows[3].cells[-1])
    fill(table.rows[3].cells[0], "{%tr endfor %}", FANGSONG)
    return doc


def build(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in (("notice.docx", notice), ("signin.docx", signin)):
        path = out_dir / name
        path.write_bytes(reproducible(make()))
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for path in build(target):
        print(path)
