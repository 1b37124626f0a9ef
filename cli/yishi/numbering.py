"""Minutes numbers: one sequence per body, meeting type and year, assigned at issue.

`seq` starts at 1 every year and only grows: the next number is one more than the
highest ever handed out for that body, type and year -- taken from the records and from a
small ledger (`.numbers.toml` in the records directory), so a number whose record was
deleted or whose write failed is never handed out again (the gap shows in `yishi report`).
Numbering happens under one lock for the whole records directory, so two `issue` commands
never get the same number. The number text comes from the meeting type's
`number_format` with `{short}`, `{year}`, `{seq}`, `{body}` (body id) and `{type}`
(meeting type id).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from yishi import record as rec
from yishi import toml_read as tomllib
from yishi.errors import InputError, StateError

LEDGER = ".numbers.toml"
LOCK = "numbering"


def format_number(fmt: str, *, short: str, year: int, seq: int, body: str, type: str) -> str:
    try:
        return fmt.format(short=short, year=year, seq=seq, body=body, type=type)
    except (KeyError, IndexError, ValueError) as exc:
        raise InputError("number.bad_format", format=fmt, error=str(exc)) from None


def number_for(meeting: rec.Meeting, seq: int) -> str:
    rules = meeting.rules
    return format_number(meeting.meeting_type.number_format, short=rules.body.short,
                         year=meeting.year, seq=seq, body=meeting.body, type=meeting.type)


Key = tuple[str, str, int]  # body id, meeting type id, year


def key_of(header: dict[str, Any]) -> Key | None:
    try:
        return str(header["body"]), str(header["type"]), int(str(header["date"])[:4])
    except (KeyError, ValueError):
        return None


@dataclass
class Sequences:
    """The highest seq handed out per key, from the ledger and the records."""

    last: dict[Key, int]

    def next(self, key: Key) -> int:
        self.last[key] = self.last.get(key, 0) + 1
        return self.last[key]

    def to_toml(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for (body, type_, year), seq in sorted(self.last.items()):
            out.setdefault(body, {}).setdefault(type_, {})[str(year)] = seq
        return out


def read_ledger(store: Any) -> dict[Key, int]:
    path = store.root / LEDGER
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise StateError("number.ledger_damaged", path=str(path)) from None
    out: dict[Key, int] = {}
    for body, types in data.items():
        for type_, years in (types.items() if isinstance(types, dict) else ()):
            for year, seq in (years.items() if isinstance(years, dict) else ()):
                if str(year).isdigit() and isinstance(seq, int):
                    out[(body, type_, int(year))] = seq
    return out


def issued(headers: list[dict[str, Any]]) -> dict[Key, dict[int, str]]:
    """seq -> meeting id of every issued record, per key."""
    out: dict[Key, dict[int, str]] = {}
    for header in headers:
        key = key_of(header)
        seq = header.get("seq")
        if key and header.get("state") == rec.ISSUED and isinstance(seq, int):
            out.setdefault(key, {})[seq] = str(header.get("id"))
    return out


def ledger_text(seqs: Sequences) -> bytes:
    import tomli_w

    head = ("# yishi: the last minutes number handed out per body, meeting type and year.\n"
            "# Numbers are never reused; do not lower these values.\n")
    return (head + tomli_w.dumps(seqs.to_toml())).encode("utf-8")


@contextmanager
def sequences(store: Any) -> Iterator[Sequences]:
    """Hold the numbering lock; yield the sequences; save the ledger on the way out."""
    from yishi.store import atomic_write

    with store.lock(LOCK):
        last = read_ledger(store)
        for key, seqs in issued(store.headers()).items():
            last[key] = max(last.get(key, 0), max(seqs))
        state = Sequences(dict(last))
        try:
            yield state
        finally:
            if state.last != last:
                atomic_write(store.root / LEDGER, ledger_text(state))


def issue(store: Any, meeting_id: str, seqs: Sequences, cmd: str, *, forced: bool = False,
          findings: list[str] | None = None) -> tuple[rec.Meeting, dict[str, Any]]:
    """Give a closed meeting the next number of its year and seal it (inside `sequences`,
    which saves the ledger afterwards: a number that reached a record is never handed out
    again, even if that record is later deleted)."""
    from yishi.seal import sealed_change

    def build(doc: dict[str, Any], meeting: rec.Meeting) -> dict[str, Any]:
        if meeting.state == rec.ISSUED:
            raise StateError("issue.already", id=meeting.id, number=meeting.number)
        if meeting.state != rec.CLOSED:
            raise StateError("issue.not_closed", id=meeting.id)
        seq = seqs.next((meeting.body, meeting.type, meeting.year))
        return {"op": "issue", "number": number_for(meeting, seq), "seq": seq,
                "forced": forced or None, "findings": list(findings or []) or None}

    meeting, entry, seal = sealed_change(store, meeting_id, build, cmd)
    return meeting, seal


def gaps(seqs: list[int], last: int = 0) -> list[int]:
    """Numbers between 1 and the highest handed out that no record holds."""
    top = max([last, *seqs], default=0)
    have = set(seqs)
    return [n for n in range(1, top + 1) if n not in have]


__all__ = ["format_number", "number_for", "Sequences", "sequences", "issue", "issued",
           "read_ledger", "gaps", "key_of", "LEDGER"]
