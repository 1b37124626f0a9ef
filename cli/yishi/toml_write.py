"""tomli_w, with a faster string formatter: `from yishi.toml_write import tomli_w`.

tomli_w formats every string by walking its characters one by one in Python
(`tomli_w._writer.format_string`), the largest part of writing a record: a seal alone holds
~120 strings (0.38 ms of the ~1.3 ms it takes to seal a meeting). A string holding nothing
TOML escapes in a basic string (a quote, a backslash, a control character other than tab)
is written as it is between quotes, which is exactly what tomli_w writes for it; any other
string goes to tomli_w's own formatter. The fast formatter is put in place only when it
gives tomli_w's bytes for a set of probes, so a tomli_w that formats strings another way
keeps its own (tests/test_toml_write.py compares the two on random text).

`dumps` writes what `tomli_w.dumps` writes, for the values a record holds (exact str, int,
float, bool, list and dict): tomli_w's rules (tables after a table's own keys, an array
of tables where one of its tables does not fit on a line of 100, arrays one item a line),
without its generators and type chains, ~3x faster; a seal's head alone is ~90 strings.
Any other value, or a tomli_w whose strings are not formatted as above, goes to tomli_w.
"""

from __future__ import annotations

import re
from typing import Any

import tomli_w

# what tomli_w escapes in a basic string: '"', '\\' and ASCII control characters but tab
_ESCAPED = re.compile('[\x00-\x08\x0a-\x1f\x7f"\\\\]')
_PROBES = ("", "a", "中文", "a b\tc", 'x"y', "a\\b", "\n", "a\nb", "\r\n", "\x00", "\x1f", "\x7f")

ORIGINAL: Any = getattr(getattr(tomli_w, "_writer", None), "format_string", None)


def format_string(s: str, *, allow_multiline: bool) -> str:
    if _ESCAPED.search(s) is None:  # nothing to escape, no newline: one line as it is
        return '"' + s + '"'
    return ORIGINAL(s, allow_multiline=allow_multiline)  # type: ignore[no-any-return]


def _install() -> bool:
    if ORIGINAL is None:
        return False
    try:
        same = all(
            format_string(p, allow_multiline=m) == ORIGINAL(p, allow_multiline=m)
            for p in _PROBES
            for m in (False, True)
        )
    except Exception:  # noqa: BLE001 - a tomli_w of another shape keeps its formatter
        return False
    if same:
        tomli_w._writer.format_string = format_string
    return same


INSTALLED = _install()

_BARE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
_INDENT = "    "  # tomli_w's default indent
_LINE = 100  # tomli_w's MAX_LINE_LENGTH: an array of tables inline only within it


class _Other(Exception):
    """A value `dumps` leaves to tomli_w."""


def dumps(table: dict[str, Any]) -> str:
    """`tomli_w.dumps(table)`, the same text (see the module's doc)."""
    if INSTALLED and type(table) is dict:
        out: list[str] = []
        try:
            _table(table, "", False, out)
        except (_Other, RecursionError):
            pass
        else:
            return "".join(out)
    return tomli_w.dumps(table)  # type: ignore[no-any-return]


_KEYS: dict[str, str] = {}  # keys as written: a record's few keys, over and over


def _key(key: Any) -> str:
    written = _KEYS.get(key) if type(key) is str else None
    if written is not None:
        return written
    if type(key) is not str:
        raise _Other
    written = key if key and _BARE.issuperset(key) else format_string(key, allow_multiline=False)
    if len(_KEYS) < 4096:
        _KEYS[key] = written
    return written


def _literal(value: Any, nest: int) -> str:
    kind = type(value)
    if kind is str:
        return format_string(value, allow_multiline=False)
    if kind is bool:
        return "true" if value else "false"
    if kind is int or kind is float:
        return str(value)
    if kind is list:
        if not value:
            return "[]"
        indent = _INDENT * (nest + 1)
        if all(type(item) is str for item in value) and _ESCAPED.search("".join(value)) is None:
            # strings with nothing to escape (a seal's ~90 part digests): one join
            items = indent + '"' + f'",\n{indent}"'.join(value) + '"'
        else:
            items = ",\n".join(indent + _literal(item, nest + 1) for item in value)
        return "[\n" + items + ",\n" + _INDENT * nest + "]"
    if kind is dict:
        return _inline(value)
    raise _Other


def _inline(table: dict[Any, Any]) -> str:
    if not table:
        return "{}"
    return "{ " + ", ".join(f"{_key(k)} = {_literal(v, 0)}" for k, v in table.items()) + " }"


def _fits_inline(table: Any) -> bool:
    line = _INDENT + _inline(table) + ","
    return len(line) <= _LINE and "\n" not in line


def _table(table: dict[Any, Any], name: str, in_array: bool, out: list[str]) -> None:
    literals: list[tuple[Any, Any]] = []
    tables: list[tuple[Any, Any, bool]] = []
    for key, value in table.items():
        kind = type(value)
        if kind is dict:
            tables.append((key, value, False))
        elif kind is list and value and all(type(t) is dict for t in value):
            if all(_fits_inline(t) for t in value):
                literals.append((key, value))
            else:
                tables.extend((key, t, True) for t in value)
        else:
            literals.append((key, value))
    written = False
    if in_array or (name and (literals or not tables)):
        written = True
        out.append(f"[[{name}]]\n" if in_array else f"[{name}]\n")
    if literals:
        written = True
        for key, value in literals:
            out.append(f"{_key(key)} = {_literal(value, 0)}\n")
    for key, value, sub_in_array in tables:
        if written:
            out.append("\n")
        written = True
        part = _key(key)
        _table(value, f"{name}.{part}" if name else part, sub_in_array, out)


__all__ = ["tomli_w", "dumps", "format_string", "ORIGINAL", "INSTALLED"]
