"""The TOML types of a record's log fields, and the sizes a command may add.

A record edited by hand may hold `reason = 1` or `candidates = ["甲", true]`; replay and
the views would then fail deep inside (`.strip()` of an int). `bad_field` finds such a
field when the record is read, so the command reports it (exit 2) before doing anything.
Only fields whose type yishi has always written one way are checked: records written by
0.1 all pass.

`too_big` bounds what one command may add to a record (a title, a text, a list of
names), so that ordinary use can never grow a record past what yishi reads back
(`store.MAX_RECORD_BYTES`); the store also refuses a write past that bound.
"""

from __future__ import annotations

from typing import Any

TEXT_FIELDS = frozenset(
    {
        "op",
        "at",
        "cmd",
        "member",
        "reason",
        "opinion",
        "name",
        "role",
        "title",
        "kind",
        "recorded_kind",
        "area",
        "presenter",
        "materials_sent",
        "position",
        "candidate",
        "text",
        "method",
        "org",
        "time",
        "place",
        "recorder",
        "chair",
        "notice_sent",
        "number",
        "date",
    }
)
TEXT_LISTS = frozenset(
    {"members", "candidates", "notified", "yes_names", "no_names", "abstain_names", "findings"}
)
INT_FIELDS = frozenset({"n", "item", "after", "seq", "target"})
INT_LISTS = frozenset({"items"})
BOOL_FIELDS = frozenset({"ad_hoc", "confidential", "defer", "forced", "emergency"})

MAX_TEXT = 20_000  # characters of one text a command records (a title, a decision...)
MAX_LIST = 1_000  # names in one list (members present, candidates, organisations)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _int_list(value: Any) -> bool:
    return isinstance(value, list) and all(_is_int(v) for v in value)


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _bool(value: Any) -> bool:
    return isinstance(value, bool)


# field -> (is it of the right type, the type's name); checked on every record read, so
# one lookup a field rather than five set tests
_EXPECTED: dict[str, tuple[Any, str]] = {
    **{key: (_bool, "boolean") for key in BOOL_FIELDS},
    **{key: (_int_list, "list of integers") for key in INT_LISTS},
    **{key: (_is_int, "integer") for key in INT_FIELDS},
    **{key: (_text_list, "list of strings") for key in TEXT_LISTS},
    **{key: (_text, "string") for key in TEXT_FIELDS},
}


# the exact type of a right scalar as a parser gives it: passed by one `is` test (a
# subclass, or a list, takes the full test of _EXPECTED)
_EXACT: dict[str, type] = {
    **{key: bool for key in BOOL_FIELDS},
    **{key: int for key in INT_FIELDS},
    **{key: str for key in TEXT_FIELDS},
}


def bad_field(entry: dict[str, Any]) -> tuple[str, str] | None:
    """(field, expected type) of the first field of a log entry with the wrong type."""
    exact = _EXACT.get
    for key, value in entry.items():
        if type(value) is exact(key):  # the common case, at a fifth of the cost
            continue
        expected = _EXPECTED.get(key)
        if expected is not None and not expected[0](value):
            return key, expected[1]
    return None


def too_big(event: dict[str, Any]) -> tuple[str, str, int, int] | None:
    """(key, field, size, limit) of the first value of a new event over the bounds."""
    for key, value in event.items():
        if isinstance(value, str) and len(value) > MAX_TEXT:
            return "input.too_long", key, len(value), MAX_TEXT
        if isinstance(value, list | tuple):
            if len(value) > MAX_LIST:
                return "input.too_many", key, len(value), MAX_LIST
            for part in value:
                if isinstance(part, str) and len(part) > MAX_TEXT:
                    return "input.too_long", key, len(part), MAX_TEXT
    return None


__all__ = ["bad_field", "too_big", "MAX_TEXT", "MAX_LIST"]
