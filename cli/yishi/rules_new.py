"""`yishi rules new`: a body's rules file started from a sample.

The sample's text is kept (its comments cite the seed articles each key comes from, a
model for citing one's own 议事规则), with the body, the members and the meeting types
replaced by what was asked for. The result must pass `rules check` before it is written.
No typer or rich here."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from yishi.errors import InputError
from yishi.rules import LocatedProblem

DEFAULT_SAMPLE = "hlj-jiguan-party-group"
_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\"'-]+?)\s*\]\]?\s*(#.*)?$")


@dataclass
class NewMember:
    id: str
    name: str
    rank: int
    roles: list[str] = field(default_factory=list)
    in_charge: list[str] = field(default_factory=list)
    title: str = ""


@dataclass
class NewBody:
    """What the user gave; None / empty keeps the sample's."""

    id: str | None = None
    name: str | None = None
    short: str | None = None
    members: list[NewMember] = field(default_factory=list)
    types: list[str] = field(default_factory=list)


def parse_member(spec: str) -> NewMember:
    """``id:姓名:rank[:role,role[:area,area[:title]]]`` (full-width ``：`` and ``，`` too)."""
    parts = re.split(r"[:：]", spec.strip(), maxsplit=5)
    if len(parts) < 3 or not parts[0] or not parts[1] or not re.fullmatch(r"\d{1,3}", parts[2]):
        raise InputError("rulesnew.bad_member", spec=spec)

    def split(text: str) -> list[str]:
        return [p for p in re.split(r"[,，、\s]+", text) if p]

    return NewMember(
        parts[0],
        parts[1],
        int(parts[2]),
        split(parts[3]) if len(parts) > 3 else [],
        split(parts[4]) if len(parts) > 4 else [],
        parts[5].strip() if len(parts) > 5 else "",
    )


def find_sample(name: str | None) -> Path:
    """A sample by file name, stem, or path to a rules file."""
    from yishi.resources import sample_configs

    samples = sample_configs()
    wanted = name or DEFAULT_SAMPLE
    for sample in samples:
        if wanted in (sample.name, sample.stem):
            return sample
    candidate = Path(wanted)
    if candidate.is_file():
        return candidate
    raise InputError(
        "rulesnew.unknown_sample", name=wanted, known=", ".join(s.stem for s in samples)
    )


def sample_types(text: str) -> list[str]:
    from yishi import toml_read

    data = toml_read.loads(text)
    types = data.get("meeting_types")
    return list(types) if isinstance(types, dict) else []


def _chunks(lines: list[str]) -> list[tuple[tuple[str, ...], list[str]]]:
    """The text cut at each table header, the comment block just above a header going with
    it: [(table path, lines)], the first chunk (path ()) being the file's opening comment."""
    starts: list[tuple[int, tuple[str, ...]]] = []
    for index, line in enumerate(lines):
        match = _HEADER.match(line)
        if not match:
            continue
        header = tuple(p.strip("\"'") for p in match.group(1).split("."))
        start = index
        while start > 0 and lines[start - 1].lstrip().startswith("#"):
            start -= 1
        starts.append((start, header))
    chunks: list[tuple[tuple[str, ...], list[str]]] = []
    previous = 0
    path: tuple[str, ...] = ()
    for start, next_path in starts:
        chunks.append((path, lines[previous:start]))
        previous, path = start, next_path
    chunks.append((path, lines[previous:]))
    return chunks


def _toml(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def new_rules_text(sample: Path, wanted: NewBody) -> str:
    """The new file's text (not yet checked)."""
    from yishi import toml_read

    text = sample.read_text(encoding="utf-8").removeprefix("\ufeff")
    data = toml_read.loads(text)
    if isinstance(data.get("extends"), str):  # a sample is one file; this stays simple
        raise InputError("rulesnew.unknown_sample", name=str(sample), known="(standalone)")
    body = data.get("body", {})
    known_types = sample_types(text)
    for type_id in wanted.types:
        if type_id not in known_types:
            raise InputError("rulesnew.unknown_type", type=type_id, known=", ".join(known_types))
    old_name = body.get("name", "")
    new_name = wanted.name or old_name
    out = [
        f"# {new_name} — 议事规则 (yishi rules file).",
        f"# Started from the sample {sample.stem} by `yishi rules new`: the comments next to",
        "# the keys cite the sample body's articles. Replace them with the articles of your own",
        "# 议事规则, check every value against it, then run `yishi rules check` and",
        "# `yishi rules show` to read the result as prose.",
        "",
    ]
    for path, lines in _chunks(text.splitlines())[1:]:
        top = path[0] if path else ""
        if top == "body" and (wanted.id or wanted.name or wanted.short):
            out += [
                "[body]",
                f"id = {_toml(wanted.id or body.get('id'))}",
                f"name = {_toml(new_name)}",
                f"short = {_toml(wanted.short or body.get('short'))}",
                "# the document these rules come from, cited by every finding of yishi check",
                f"source = {_toml(new_name + '议事规则')}",
                "",
            ]
            if wanted.members:
                out += _members(wanted.members)
            continue
        if top == "members" and wanted.members:
            continue  # written once, below, where the first member was
        if (
            top == "meeting_types"
            and len(path) > 1
            and wanted.types
            and path[1] not in wanted.types
        ):
            continue
        if new_name != old_name and old_name:
            lines = [
                line if line.lstrip().startswith("#") else line.replace(old_name, new_name)
                for line in lines
            ]
        out += lines
        if top == "body" and wanted.members:
            out += _members(wanted.members)
    if wanted.members and not any(line.startswith("[[members]]") for line in out):
        out += _members(wanted.members)
    return "\n".join(out).rstrip("\n") + "\n"


def _members(members: list[NewMember]) -> list[str]:
    lines = ["# 应到会成员 (in rank order)"]
    for member in members:
        lines += [
            "[[members]]",
            f"id = {_toml(member.id)}",
            f"name = {_toml(member.name)}",
            f"rank = {member.rank}",
        ]
        if member.roles:
            lines.append(f"roles = {_toml(member.roles)}")
        if member.title:
            lines.append(f"title = {_toml(member.title)}")
        if member.in_charge:
            lines.append(f"in_charge = {_toml(member.in_charge)}")
        lines.append("")
    return lines


def checked(text: str) -> list[LocatedProblem]:
    """The errors `rules check` finds in `text` (written to a scratch file to be checked)."""
    import tempfile

    from yishi.rules import check_file

    with tempfile.TemporaryDirectory(prefix="yishi-new-") as tmp:
        scratch = Path(tmp) / "rules.toml"
        scratch.write_text(text, encoding="utf-8")
        problems = check_file(scratch)[1]
    return [p for p in problems if p.severity == "error"]


__all__ = [
    "NewBody",
    "NewMember",
    "parse_member",
    "find_sample",
    "new_rules_text",
    "sample_types",
    "checked",
    "DEFAULT_SAMPLE",
]
