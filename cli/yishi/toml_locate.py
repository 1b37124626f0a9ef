"""Map TOML key paths back to (line, column).

tomllib gives no positions for values, so we scan the text ourselves: table headers,
arrays of tables (counted), `key = value` lines with dotted keys, and keys inside inline
tables on the same line. Positions are 1-based. It is a locator, not a parser: on text
tomllib already accepted it is right for the shapes rule files use, and for anything it
cannot place it falls back to the nearest enclosing key.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY = rf"(?:{_BARE}|{_QUOTED})"
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*\]\]?")
_ASSIGN = re.compile(rf"^(\s*)({_DOTTED})\s*=")
_INLINE_KEY = re.compile(rf"[{{,]\s*({_DOTTED})\s*=")
_KEY_PART = re.compile(rf"{_BARE}|{_QUOTED}")


def _split_key(dotted: str) -> list[str]:
    parts = []
    for match in _KEY_PART.finditer(dotted):
        token = match.group(0)
        if token[0] in "\"'":
            token = token[1:-1]
        parts.append(token)
    return parts


class Locator:
    """Positions are scanned on the first `locate`: a clean file never pays for it."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._positions: dict[Path, tuple[int, int]] | None = None

    @property
    def positions(self) -> dict[Path, tuple[int, int]]:
        if self._positions is None:
            self._positions = {}
            self._scan(self._text)
        return self._positions

    def _scan(self, text: str) -> None:
        positions = self._positions
        assert positions is not None
        prefix: Path = ()
        array_counts: dict[Path, int] = {}
        in_multiline: str | None = None
        for lineno, line in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            header = _HEADER.match(line)
            if header:
                keys = tuple(_split_key(header.group(2)))
                col = header.start(2) + 1
                if header.group(1) == "[[":
                    index = array_counts.get(keys, 0)
                    array_counts[keys] = index + 1
                    # nested arrays of tables restart when their parent element changes
                    for other in list(array_counts):
                        if len(other) > len(keys) and other[: len(keys)] == keys:
                            del array_counts[other]
                    positions.setdefault(keys, (lineno, col))
                    prefix = keys + (index,)
                else:
                    prefix = self._resolve(keys, array_counts)
                positions.setdefault(prefix, (lineno, col))
                continue
            assign = _ASSIGN.match(line)
            if not assign:
                continue
            keys = tuple(_split_key(assign.group(2)))
            path = prefix + keys
            positions.setdefault(path, (lineno, assign.start(2) + 1))
            rest_start = assign.end()
            rest = line[rest_start:]
            value_col = rest_start + len(rest) - len(rest.lstrip()) + 1
            positions.setdefault(path + ("=",), (lineno, value_col))
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_multiline = quote
            if "{" in rest:
                for inner in _INLINE_KEY.finditer(rest):
                    inner_path = path + tuple(_split_key(inner.group(1)))
                    positions.setdefault(inner_path, (lineno, rest_start + inner.start(1) + 1))

    @staticmethod
    def _resolve(keys: Path, array_counts: dict[Path, int]) -> Path:
        """`[members.x]` after `[[members]]` means the last element of members."""
        resolved: Path = ()
        for key in keys:
            resolved = resolved + (key,)
            count = array_counts.get(tuple(k for k in resolved if not isinstance(k, int)))
            if count and resolved == tuple(k for k in resolved if not isinstance(k, int)):
                resolved = resolved + (count - 1,)
        return resolved

    def locate(self, path: Path, *, value: bool = False) -> tuple[int, int]:
        """Position of `path` (its value with value=True), else its nearest located parent."""
        path = tuple(path)
        if value and path + ("=",) in self.positions:
            return self.positions[path + ("=",)]
        probe = path
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return (1, 1)
