"""The 督办 list as a document (督办通知单): Markdown and HTML from the Jinja templates
`templates/tasks.md.j2` and `templates/tasks.html.j2` (the same sandboxed environment as the
minutes), Word built with python-docx (a table a user edits in Word rather than a template).

The context (`context`) is plain data: one section per body with its tasks in id order, each
with its status in Chinese (正常推进 / 即将到期 / 已逾期 / 已办结 / 逾期办结).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

STATUS_WORDS = {
    "on_time": "正常推进",
    "due_soon": "即将到期",
    "overdue": "已逾期",
    "done": "已办结",
    "done_late": "逾期办结",
}


def _clean(text: Any) -> str:
    from yishi.render import strip_control

    return strip_control(str(text or ""))


def context(
    tasks: list[Any],
    settings: dict[str, Any],
    today: dt.date,
    windows: dict[str, int],
    *,
    owner: str | None = None,
) -> dict[str, Any]:
    from yishi.zh import cn_date

    sections: dict[str, dict[str, Any]] = {}
    for task in tasks:
        found = settings.get(task.body)
        name = found.name if found and found.name else task.body
        office = found.office if found and found.office else "办公室"
        section = sections.setdefault(
            task.body,
            {
                "body": task.body,
                "name": name,
                "office": office,
                "tasks": [],
                "title": f"{name}会议决定事项督办通知单",
            },
        )
        status = task.status(today, windows.get(task.body, 7))
        progress = task.last_note()
        if task.state == "done" and task.done_on:
            progress = f"{task.done_on.isoformat()}办结" + (f"：{progress}" if progress else "")
        section["tasks"].append(
            {
                "id": task.id,
                "number": _clean(task.number or task.meeting),
                "meeting_date": cn_date(task.meeting_date),
                "item": task.item,
                "title": _clean(task.title + (f"（{task.candidate}）" if task.candidate else "")),
                "decision": _clean(task.decision),
                "text": _clean(task.text),
                "owner": _clean(task.owner),
                "lead": _clean(task.lead_name) or "—",
                "due": task.due.isoformat(),
                "due_cn": cn_date(task.due),
                "status": status,
                "status_word": STATUS_WORDS[status],
                "progress": _clean(progress) or "—",
                "major": task.major,
            }
        )
    for section in sections.values():
        rows = section["tasks"]
        section["counts"] = {
            key: sum(1 for r in rows if r["status"] == key) for key in STATUS_WORDS
        }
    return {
        "today": today.isoformat(),
        "today_cn": cn_date(today),
        "owner": _clean(owner),
        "sections": list(sections.values()),
        "status_words": STATUS_WORDS,
    }


def _md_cells(ctx: dict[str, Any]) -> dict[str, Any]:
    """Markdown table cells: no '|' that would split a cell, no line breaks."""

    def cell(value: Any) -> Any:
        if isinstance(value, str):
            return (
                value.replace("\\", "\\\\")
                .replace("|", "\\|")
                .replace("\r", " ")
                .replace("\n", " ")
            )
        return value

    out = dict(ctx)
    out["sections"] = [
        {
            **s,
            "name": cell(s["name"]),
            "office": cell(s["office"]),
            "title": cell(s["title"]),
            "tasks": [{k: cell(v) for k, v in row.items()} for row in s["tasks"]],
        }
        for s in ctx["sections"]
    ]
    out["owner"] = cell(ctx["owner"])
    return out


def render(
    tasks: list[Any],
    settings: dict[str, Any],
    today: dt.date,
    windows: dict[str, int],
    fmt: str,
    *,
    owner: str | None = None,
) -> bytes:
    ctx = context(tasks, settings, today, windows, owner=owner)
    if fmt == "docx":
        return to_docx(ctx)
    from yishi.render import render_context
    from yishi.resources import template

    if fmt == "md":
        ctx = _md_cells(ctx)
    return render_context(ctx, template(f"tasks.{fmt}.j2"), fmt)


# ---------------------------------------------------------------------------- Word

_FANGSONG = "仿宋_GB2312"
_HEITI = "黑体"
_TITLE = "方正小标宋简体"
HEADERS = ("编号", "会议纪要", "决定事项", "承办单位", "牵头领导", "办理时限", "办理情况")


def _run(paragraph: Any, text: str, font: str, size: float, bold: bool = False) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "Times New Roman"
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), font)


def to_docx(ctx: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    from yishi.render import stable_zip

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(25))
    for side in ("top_margin", "bottom_margin"):
        setattr(section, side, Mm(25))
    props = document.core_properties
    fixed = dt.datetime.fromisoformat(ctx["today"] + "T00:00:00")
    props.created = props.modified = fixed
    props.last_printed = fixed
    props.author = props.last_modified_by = "yishi"
    props.revision = 1
    props.title = "督办通知单"
    if not ctx["sections"]:
        paragraph = document.add_paragraph()
        _run(paragraph, "无督办事项。", _FANGSONG, 16)
    for index, part in enumerate(ctx["sections"]):
        if index:
            document.add_page_break()
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(title, part["title"], _TITLE, 22)
        line = document.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        text = f"督办单位：{part['office']}　　日期：{ctx['today_cn']}"
        if ctx["owner"]:
            text = f"承办单位：{ctx['owner']}　　" + text
        _run(line, text, _FANGSONG, 14)
        table = document.add_table(rows=1, cols=len(HEADERS))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, HEADERS, strict=True):
            cell.text = ""
            _run(cell.paragraphs[0], header, _HEITI, 12)
        for row in part["tasks"]:
            values = (
                row["id"],
                f"{row['number']}\n第{row['item']}项",
                f"{row['title']}：{row['text']}",
                row["owner"],
                row["lead"],
                row["due"],
                f"{row['status_word']}\n{row['progress']}",
            )
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                cell.text = ""
                lines = value.split("\n")
                _run(cell.paragraphs[0], lines[0], _FANGSONG, 12)
                for more in lines[1:]:
                    _run(cell.add_paragraph(), more, _FANGSONG, 12)
        counts = part["counts"]
        closing = document.add_paragraph()
        _run(
            closing,
            f"共{len(part['tasks'])}项：已办结{counts['done'] + counts['done_late']}项，"
            f"正常推进{counts['on_time']}项，即将到期{counts['due_soon']}项，"
            f"已逾期{counts['overdue']}项。请各承办单位按期办结，并将落实情况报"
            f"{part['office']}。",
            _FANGSONG,
            14,
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_zip(buffer.getvalue())


__all__ = ["context", "render", "to_docx", "STATUS_WORDS"]
