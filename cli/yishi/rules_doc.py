"""A rules file as a document: the merged rules (``extends`` resolved) together with the
comments written next to each key, which cite the article of the body's 议事规则 the key
comes from. Files come from disk, from git (``REV:PATH``) or from a meeting record's rules
snapshot. Used by ``yishi rules show`` and ``yishi rules diff``; no typer or rich here."""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yishi.errors import InputError

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Cite:
    """Where a key comes from: article references, and whether the value is the rules
    file's own choice (the seed gives no number, or the key is derived)."""

    refs: tuple[str, ...] = ()
    assumed: bool = False
    noted: bool = False  # a comment exists (even one without an article)
    fixed: str = ""  # a text of its own (e.g. for the list of members)

    def text(self) -> str:
        if self.fixed:
            return self.fixed
        if self.refs and all(ref.startswith("参照") for ref in self.refs):
            return "原文未作规定，" + "；".join(self.refs) + "设定"
        if self.refs and not self.assumed:
            return "依据：" + "；".join(self.refs)
        if self.refs:
            return "依据：" + "；".join(self.refs) + "（原文未明确之处由本规则文件设定）"
        if self.assumed:
            return "原文未作规定，由本规则文件设定"
        return "未注明条款"


@dataclass
class RulesDoc:
    """One body's rules, merged, with the comment of every key path that has one."""

    name: str  # as the user named it (a path, REV:PATH, or record:ID)
    raw: dict[str, Any]
    notes: dict[KeyPath, str] = field(default_factory=dict)

    def cite_all(self, *paths: KeyPath) -> Cite:
        """The references of all `paths` together (a sentence stating several keys)."""
        refs: list[str] = []
        assumed = noted = False
        for path in paths:
            cite = self.cite(path)
            refs += [r for r in cite.refs if r not in refs]
            assumed = assumed or cite.assumed
            noted = noted or cite.noted
        return Cite(tuple(refs), assumed, noted)

    def cite(self, *paths: KeyPath) -> Cite:
        """The references of the first path whose comment cites an article; else what the
        comments say about the value (assumed or not)."""
        assumed = noted = False
        for path in paths:
            note = self.notes.get(tuple(path))
            if note is None:
                continue
            cite = parse_cite(note)
            if cite.refs:
                return cite
            assumed = assumed or cite.assumed
            noted = True
        return Cite((), assumed, noted)


# ------------------------------------------------------------------------------ comments

_NUM = "[一二三四五六七八九十百零〇]+"
_ART = rf"第{_NUM}条(?:（{_NUM}）)?"
_SEC = rf"{_NUM}(?:[.．]\d+|（{_NUM}）\d*)|{_NUM}(?=：)"
_ONE = rf"(?:{_ART}|{_SEC})"
_RANGE = rf"{_ONE}(?:\s*[—–-]\s*(?:{_ONE}|（{_NUM}）))*"
_REF = rf"(?:\[[^\]]{{1,12}}\]\s*)?{_RANGE}"
_REFS_AT_START = re.compile(rf"^\s*({_REF}(?:\s*[、，,]\s*{_REF})*)")
_ARTICLE_ANYWHERE = re.compile(_ART)
# a remark about a key the file leaves out on purpose ("— so no frequency"), written above
# the next key: it is not that key's source
_ABOUT_ABSENT_KEY = re.compile(r"\bso no\b|\bso none\b|none here|—\s*no [a-z_ ]+$", re.IGNORECASE)
_FALLBACK_FROM = re.compile(r"fallback \(([^)]*)\)")
_ASSUMED = re.compile(
    r"we (?:pick|take|read|choose)|fallback|redacted|derived|not expressible|states no|"
    r"no (?:number|amount|frequency|quorum)|gives no|names no|is not stated|invented",
    re.IGNORECASE,
)


def parse_cite(note: str) -> Cite:
    """The article references a comment starts with (``[议事规则] 三.2：…``,
    ``第十五条（二）：…``, ``[选任] 第二十五条、[议事规则] 三.2：…``), several when the comment
    has several ``；``-separated parts. A comment that only mentions an article in passing
    (``we take the quorum of 第十五条（二）``) gives ``参照`` that article."""
    refs: list[str] = []
    for segment in re.split(r"[；;\n]", note):
        # "as large_fund: [三重一大] 第九条（一）, ..." cites after a short lead-in
        segment = re.sub(r"^\s*(?:as|like|same as) [\w ]{1,30}:\s*", "", segment)
        match = _REFS_AT_START.match(segment)
        if match:
            for ref in re.split(r"\s*[、，,]\s*(?=\[|第|[一二三四五六七八九十])", match.group(1)):
                ref = re.sub(r"\[([^\]]+)\]\s*", r"\1 ", ref.strip()).strip()
                if ref and ref not in refs:
                    refs.append(ref)
    assumed = bool(_ASSUMED.search(note))
    fallback = _FALLBACK_FROM.search(note)
    if not refs and fallback:  # "fallback (党组工作条例; seed 001 第二十条): ..."
        return Cite(("参照" + _fallback_source(fallback.group(1)),), True, True)
    if not refs:
        passing = list(dict.fromkeys(_ARTICLE_ANYWHERE.findall(note)))
        if passing:
            return Cite(tuple("参照" + ref for ref in passing), True, True)
    return Cite(tuple(refs), assumed, True)


def _fallback_source(text: str) -> str:
    """What a fallback follows, for a reader of this body's rules: the named 条例 (an
    article of another body's rules is not an article of this one), else those other rules."""
    parts = [p.strip() for p in re.split(r"[;；]", text) if p.strip()]
    named = [p for p in parts if not re.match(r"seed\b", p, re.IGNORECASE)]
    if named:
        return "、".join(named)
    cited = "、".join(re.sub(r"seed\s*\d+\s*", "", p) for p in parts)
    return "其他机关议事规则" + re.sub(r"seed\s*\d+\s*", "", cited)


def _trailing_comment(line: str) -> str | None:
    """The ``# ...`` after a value on the same line, outside strings."""
    quote: str | None = None
    escaped = False
    for index, char in enumerate(line):
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[index + 1 :].strip()
    return None


def _join(parts: list[str]) -> str:
    text = ""
    for part in parts:
        if text and not (_cjk(text[-1]) or _cjk(part[:1])):
            text += " "
        text += part
    return text


def _cjk(char: str) -> bool:
    return bool(char) and ord(char) > 0x2E7F


def notes_of(text: str) -> dict[KeyPath, str]:
    """The comment of every key path: the comment lines right above its line (no blank
    line between), and a comment after the value on its own line."""
    from yishi.toml_locate import Locator

    lines = text.splitlines()
    notes: dict[KeyPath, str] = {}
    for path, (lineno, _col) in Locator(text).positions.items():
        if path and path[-1] == "=":
            continue
        block: list[str] = []
        index = lineno - 2
        while index >= 0 and lines[index].lstrip().startswith("#"):
            block.insert(0, lines[index].lstrip()[1:].strip())
            index -= 1
        trailing = _trailing_comment(lines[lineno - 1]) if lineno <= len(lines) else None
        if trailing:
            block.append(trailing)
        block = [b for b in block if b and not b.startswith(":schema")]
        paragraphs: list[list[str]] = []
        for part in block:  # a line that starts with an article starts a new remark
            if not paragraphs or _REFS_AT_START.match(part) or part.startswith("["):
                paragraphs.append([part])
            else:
                paragraphs[-1].append(part)
        kept = [_join(p) for p in paragraphs if not _ABOUT_ABSENT_KEY.search(_join(p))]
        if kept:
            notes[path] = "\n".join(kept)
    return notes


# ------------------------------------------------------------------------------ loading


def _problems_text(problems: list[Any], lang: str = "zh") -> str:
    return "\n".join(f"{p.file}:{p.line}:{p.col}: {p.code} {p.text(lang)}" for p in problems[:20])


def load_file(path: Path, name: str | None = None) -> RulesDoc:
    """A valid rules file with its comments; InputError (exit 2) when it cannot be used."""
    from yishi import rules as rules_mod
    from yishi.i18n import current_lang

    if not path.exists():
        raise InputError("rules.file_missing", path=str(path))
    merged, problems = rules_mod.check_file(path)
    errors = [p for p in problems if p.severity == "error"]
    if merged is None or errors:
        raise InputError(
            "rulesdoc.invalid",
            path=name or str(path),
            count=len(errors),
            problems=_problems_text(errors, current_lang()),
        )
    notes: dict[KeyPath, str] = {}
    chain: list[Path] = []
    current = path
    while current not in chain and len(chain) < 10:
        chain.append(current)
        text = current.read_bytes().decode("utf-8").removeprefix("\ufeff")
        from yishi import toml_read

        parent = toml_read.loads(text).get("extends")
        # the child's comments win over its parent's for a path both mention
        for key, note in notes_of(text).items():
            notes.setdefault(key, note)
        if not isinstance(parent, str):
            break
        current = (current.parent / parent).resolve()
    raw = {k: v for k, v in merged.items() if k != "extends"}
    return RulesDoc(name or str(path), raw, notes)


def load_snapshot(raw: dict[str, Any], name: str) -> RulesDoc:
    """The rules snapshot a meeting record keeps (no comments survive in it)."""
    return RulesDoc(name, {k: v for k, v in raw.items() if k != "extends"}, {})


_GIT_SPEC = re.compile(r"^(?P<rev>[^:\s]+):(?P<path>.+)$")


def is_git_spec(spec: str) -> bool:
    """``REV:PATH`` (and not a file that exists under that name)."""
    return (
        bool(_GIT_SPEC.match(spec))
        and not Path(spec).exists()
        and not re.match(r"^[A-Za-z]:[\\/]", spec)
    )


def _git_show(rev: str, path: str, cwd: Path) -> bytes:
    try:
        done = subprocess.run(
            ["git", "show", f"{rev}:{path}"], cwd=cwd, capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError("rulesdoc.git_failed", spec=f"{rev}:{path}", error=str(exc)) from None
    if done.returncode != 0:
        error = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(
            "rulesdoc.git_failed",
            spec=f"{rev}:{path}",
            error=error[-1] if error else f"exit {done.returncode}",
        )
    return done.stdout


def _join_git(path: str, parent: str) -> str:
    joined = posixpath.join(posixpath.dirname(path), parent)
    lead = "./" if joined.startswith("./") else ""
    normal = posixpath.normpath(joined)
    return normal if normal.startswith("..") else lead + normal


def load_git(spec: str, cwd: Path | None = None) -> RulesDoc:
    """``REV:PATH`` read with ``git show`` in the current directory's repository (PATH is
    relative to the repository root, or to the current directory with ``./``); the files
    it ``extends`` are read from the same revision."""
    from yishi import toml_read

    match = _GIT_SPEC.match(spec)
    assert match is not None
    rev, path = match.group("rev"), match.group("path")
    cwd = cwd or Path.cwd()
    with tempfile.TemporaryDirectory(prefix="yishi-rules-") as tmp:
        root = Path(tmp)
        current, first = path, None
        for _ in range(10):
            data = _git_show(rev, current, cwd)
            # mirror the repository layout, so that `extends` resolves as it would there
            local = root.joinpath(
                *[
                    ("_up_" if p == ".." else p)
                    for p in posixpath.normpath(current).split("/")
                    if p not in ("", ".")
                ]
            )
            local.parent.mkdir(parents=True, exist_ok=True)
            local.write_bytes(data)
            first = first or local
            try:
                parent = toml_read.loads(data.decode("utf-8").removeprefix("\ufeff")).get("extends")
            except (UnicodeDecodeError, toml_read.TOMLDecodeError):
                break
            if not isinstance(parent, str):
                break
            current = _join_git(current, parent)
        assert first is not None
        try:
            doc = load_file(first, spec)
        except InputError as exc:
            if "problems" in exc.params:
                exc.params["problems"] = exc.params["problems"].replace(
                    str(root) + os.sep, f"{rev}:"
                )
            raise
    return doc


def load_spec(spec: str, cwd: Path | None = None) -> RulesDoc:
    """A file path, or ``REV:PATH`` from git."""
    if is_git_spec(spec):
        return load_git(spec, cwd)
    return load_file(Path(spec), spec)


__all__ = [
    "RulesDoc",
    "Cite",
    "parse_cite",
    "notes_of",
    "load_file",
    "load_git",
    "load_spec",
    "load_snapshot",
    "is_git_spec",
]
