"""The semantic diff of two rules documents (修订对照表).

What is compared is meaning, not text: comments, formatting, key order and the order of
unordered lists (methods, roles, kinds ...) never count; a key left out and the same key
written with its default value are the same rule; members are matched by id; fractions
are compared as fractions (``"2/4"`` is ``"1/2"``). Every change is named by its key path,
with the old and new value, the clause of each version in 议事规则 prose (原条款 / 修订后)
and one Chinese sentence. A key this module does not know is compared all the same, by
path and value. No typer or rich here."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from yishi.rules import defaults
from yishi.rules_doc import RulesDoc
from yishi.rules_prose import (
    KEY_LABELS,
    Prose,
    build_prose,
    generic_sentence,
    owner_text,
    path_text,
    value_text,
)
from yishi.schema import parse_fraction

KeyPath = tuple[str | int, ...]

# a key left out means this (so writing it out is no change): the rules keys' defaults
DEFAULTS: dict[str, dict[str, Any]] = defaults()
# lists whose order means something (printed in that order); all others are sets
ORDERED = {"distribution", "reports"}
THRESHOLDS = {"quorum", "pass", "reconsider"}
# the order the seeds name them in (口头、举手、无记名投票、记名投票; 同意、不同意、缓议)
_CANON = {"oral": 0, "hands": 1, "secret": 2, "roll_call": 3, "agree": 0, "disagree": 1, "defer": 2}
ENTRIES = {"members": "成员", "meeting_types": "会议类型", "item_kinds": "事项类别"}


@dataclass
class Change:
    path: KeyPath
    change: str  # added | removed | changed
    old: Any
    new: Any
    old_clause: str
    new_clause: str
    sentence: str

    def as_json(self) -> dict[str, Any]:
        return {
            "path": path_text(self.path),
            "change": self.change,
            "old": _jsonable(self.old),
            "new": _jsonable(self.new),
            "old_clause": self.old_clause,
            "new_clause": self.new_clause,
            "sentence": self.sentence,
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


# ------------------------------------------------------------------------------ normal form


def _fraction(value: Any) -> Any:
    fraction = parse_fraction(value) if isinstance(value, str) else None
    return f"{fraction.numerator}/{fraction.denominator}" if fraction is not None else value


def normal(key: str, value: Any) -> Any:
    """One rule's value in a form where equal meaning is equal data."""
    if key in THRESHOLDS and isinstance(value, dict):
        out = {k: _fraction(v) if k in ("at_least", "more_than") else v for k, v in value.items()}
        out.setdefault("of", "members")
        return dict(sorted(out.items()))
    if key.startswith("amount") and isinstance(value, int | float) and not isinstance(value, bool):
        amount = Fraction(str(value))
        return int(amount) if amount.denominator == 1 else str(amount)
    if isinstance(value, list):
        items = [normal(key, v) for v in value]
        if key not in ORDERED and all(isinstance(v, str | int) for v in items):
            return sorted(items, key=lambda v: (_CANON.get(str(v), 99), str(v)))
        return items
    if isinstance(value, dict):
        return {k: normal(k, v) for k, v in sorted(value.items())}
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _entries(raw: dict[str, Any], top: str) -> dict[str, dict[str, Any]]:
    value = raw.get(top)
    if top == "members":
        out: dict[str, dict[str, Any]] = {}
        for index, member in enumerate(value if isinstance(value, list) else []):
            if isinstance(member, dict):
                out[str(member.get("id", f"#{index + 1}"))] = member
        return out
    return (
        {k: v for k, v in value.items() if isinstance(v, dict)} if isinstance(value, dict) else {}
    )


def _filled(table: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    merged = {**defaults, **table}
    return {k: normal(k, v) for k, v in merged.items()}


# ------------------------------------------------------------------------------ the diff


class _Side:
    def __init__(self, doc: RulesDoc) -> None:
        self.doc = doc
        self.raw = doc.raw
        self._prose: Prose | None = None

    @property
    def prose(self) -> Prose:
        if self._prose is None:
            self._prose = build_prose(self.doc)
        return self._prose

    def clause(self, path: KeyPath, value: Any) -> str:
        if value is None:
            return ""
        if path[0] == "members":
            return member_clause(self.raw, str(path[1]))
        text = self.prose.clause(path)
        return text or generic_sentence(self.raw, path, value)


def member_clause(raw: dict[str, Any], member_id: str) -> str:
    member = _entries(raw, "members").get(member_id)
    if member is None:
        return ""
    parts = [
        f"{member.get('name', member_id)}"
        + (f"（{member['title']}）" if member.get("title") else ""),
        f"排序{member.get('rank', '?')}",
    ]
    if member.get("roles"):
        parts.append("角色：" + "、".join(map(str, member["roles"])))
    if member.get("in_charge"):
        parts.append("分管：" + "、".join(map(str, member["in_charge"])))
    return "，".join(parts) + "。"


def _entry_name(raw: dict[str, Any], top: str, entry_id: str) -> str:
    entry = _entries(raw, top).get(entry_id, {})
    return str(entry.get("name", entry_id))


def _sentence(
    change: str, path: KeyPath, old: Any, new: Any, old_raw: dict[str, Any], new_raw: dict[str, Any]
) -> str:
    top = str(path[0])
    raw = new_raw if change != "removed" else old_raw
    if top in ENTRIES and len(path) == 2:
        what, name = ENTRIES[top], _entry_name(raw, top, str(path[1]))
        if top == "members":
            if change == "added":
                return f"新增成员{name}（{path[1]}，排序{new.get('rank', '?')}）。"
            return f"{name}（{path[1]}）不再列为成员。"
        if change == "added":
            return f"新增{what}“{name}”（{path[1]}）。"
        return f"删去{what}“{name}”（{path[1]}）。"
    key = str(path[-1])
    label = KEY_LABELS.get(key, key)
    if top == "members":
        owner = f"成员{_entry_name(raw, 'members', str(path[1]))}"
    else:
        owner = owner_text(raw, path) or path_text(path[:-1])
    if change == "added":
        return f"{owner}新增{label}：“{value_text(key, new)}”。"
    if change == "removed":
        return f"{owner}删去{label}（原为“{value_text(key, old)}”）。"
    return f"{owner}的{label}由“{value_text(key, old)}”改为“{value_text(key, new)}”。"


def diff(old_doc: RulesDoc, new_doc: RulesDoc) -> list[Change]:
    """Every change in meaning from `old_doc` to `new_doc`, in the order of the file:
    body, members, meeting types, item kinds, voting, then any other key."""
    old, new = _Side(old_doc), _Side(new_doc)
    pairs: list[tuple[KeyPath, Any, Any]] = []
    tops = ["body", "members", "meeting_types", "item_kinds", "voting"]
    tops += [k for k in list(old.raw) + list(new.raw) if k not in tops and k != "extends"]
    for top in dict.fromkeys(tops):
        if top in ENTRIES:
            before, after = _entries(old.raw, top), _entries(new.raw, top)
            defaults = DEFAULTS.get(top, {})
            for entry_id in list(before) + [e for e in after if e not in before]:
                if entry_id not in after:
                    pairs.append(((top, entry_id), normal(top, before[entry_id]), None))
                elif entry_id not in before:
                    pairs.append(((top, entry_id), None, normal(top, after[entry_id])))
                else:
                    a, b = _filled(before[entry_id], defaults), _filled(after[entry_id], defaults)
                    for key in list(a) + [k for k in b if k not in a]:
                        pairs.append(((top, entry_id, key), a.get(key), b.get(key)))
        else:  # body, voting, follow_up, and any table added later: key by key
            a_raw, b_raw = old.raw.get(top), new.raw.get(top)
            if isinstance(a_raw, dict) or isinstance(b_raw, dict):
                defaults = DEFAULTS.get(top, {})
                a = _filled(a_raw if isinstance(a_raw, dict) else {}, defaults)
                b = _filled(b_raw if isinstance(b_raw, dict) else {}, defaults)
                for key in list(a) + [k for k in b if k not in a]:
                    pairs.append(((top, key), a.get(key), b.get(key)))
            else:
                pairs.append(((top,), normal(top, a_raw), normal(top, b_raw)))
    changes = []
    for path, before, after in pairs:
        if before == after:
            continue
        change = "added" if before is None else "removed" if after is None else "changed"
        changes.append(
            Change(
                path,
                change,
                before,
                after,
                old.clause(path, before),
                new.clause(path, after),
                _sentence(change, path, before, after, old.raw, new.raw),
            )
        )
    return changes


# ------------------------------------------------------------------------------ output


def inline(value: Any) -> str:
    """A value as it would be written in TOML (inline)."""
    import json

    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(inline(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {inline(v)}" for k, v in value.items()) + " }"
    return str(value)


MARKS = {"added": "+", "removed": "-", "changed": "~"}


def to_text(changes: list[Change]) -> str:
    lines = []
    for c in changes:
        if c.change == "changed":
            lines.append(f"~ {path_text(c.path)}: {inline(c.old)} -> {inline(c.new)}")
        elif c.change == "added":
            lines.append(f"+ {path_text(c.path)} = {inline(c.new)}")
        else:
            lines.append(f"- {path_text(c.path)} (was {inline(c.old)})")
        lines.append(f"    {c.sentence}")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return (text or "—").replace("|", "\\|").replace("\n", "<br>")


def to_markdown(changes: list[Change], old_name: str, new_name: str) -> str:
    lines = [
        "# 修订对照表",
        "",
        f"原：`{old_name}`　修订后：`{new_name}`　"
        + (f"共{len(changes)}处修订" if changes else "无实质修订"),
        "",
    ]
    if changes:
        lines += ["| 序号 | 条目 | 原条款 | 修订后 | 说明 |", "| --- | --- | --- | --- | --- |"]
        for index, c in enumerate(changes, start=1):
            lines.append(
                f"| {index} | `{path_text(c.path)}` | {_cell(c.old_clause)} | "
                f"{_cell(c.new_clause)} | {_cell(c.sentence)} |"
            )
    return "\n".join(lines) + "\n"


def to_json(changes: list[Change], old_name: str, new_name: str) -> dict[str, Any]:
    return {
        "old": old_name,
        "new": new_name,
        "same": not changes,
        "changes": [c.as_json() for c in changes],
    }


def to_docx(changes: list[Change], old_name: str, new_name: str) -> bytes:
    import io

    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    document.add_heading("修订对照表", level=1)
    document.add_paragraph(
        f"原：{old_name}　修订后：{new_name}　"
        + (f"共{len(changes)}处修订" if changes else "无实质修订")
    )
    if changes:
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, ("条目", "原条款", "修订后", "说明"), strict=True
        ):
            cell.text = text
        for c in changes:
            row = table.add_row().cells
            for cell, text in zip(
                row,
                (path_text(c.path), c.old_clause or "—", c.new_clause or "—", c.sentence),
                strict=True,
            ):
                cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


__all__ = [
    "Change",
    "diff",
    "normal",
    "to_text",
    "to_markdown",
    "to_json",
    "to_docx",
    "inline",
    "DEFAULTS",
]
