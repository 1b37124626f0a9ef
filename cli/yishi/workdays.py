"""The Chinese working-day calendar: official holidays and 调休 make-up working days.

Data, not code: one TOML file per year (`yishi/data/calendar/YYYY.toml`, shipped in the
wheel) transcribing the State Council notice for that year (国务院办公厅关于YYYY年部分节假日
安排的通知). A user adds a year the package lacks (or corrects one) in their own file of the
same shape, `$XDG_CONFIG_HOME/yishi/calendar/YYYY.toml` (default `~/.config/yishi/...`); a
user file replaces the packaged year. A date in a year no file covers raises
`CalendarMissing`, naming the file to add: the calendar is never guessed.

A working day is a Monday-Friday not inside a `holidays` range, or a date in `workdays`
(a weekend day worked in exchange, 调休上班).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yishi.errors import InputError
from yishi.message import Message

PACKAGED = Path(__file__).resolve().parent / "data" / "calendar"


class CalendarMissing(InputError):
    """A date whose year no calendar file covers."""


@dataclass(frozen=True)
class Year:
    year: int
    source: str
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    path: str

    def working(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


def user_dir(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME") or "~").expanduser() / ".config")
    return Path(base) / "yishi" / "calendar"


_CACHE: dict[tuple[int, str], Year] = {}


def year(number: int) -> Year:
    """The calendar of one year: the user's file if there is one, else the packaged one."""
    user = user_dir() / f"{number}.toml"
    key = (number, str(user))
    if key in _CACHE:
        return _CACHE[key]
    for path in (user, PACKAGED / f"{number}.toml"):
        if path.is_file():
            loaded = _load(path, number)
            _CACHE[key] = loaded
            return loaded
    raise CalendarMissing(
        "calendar.missing",
        year=number,
        path=str(user),
        known=", ".join(str(y) for y in known_years()) or "-",
    )


def known_years() -> list[int]:
    found = {
        int(p.stem)
        for d in (PACKAGED, user_dir())
        if d.is_dir()
        for p in d.glob("*.toml")
        if p.stem.isdigit()
    }
    return sorted(found)


def _load(path: Path, number: int) -> Year:
    from yishi import toml_read as tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError("calendar.bad_file", path=str(path), error=str(exc)) from None
    holidays: set[dt.date] = set()
    try:
        if data.get("year") != number:
            raise ValueError(f"year = {data.get('year')!r}, expected {number}")
        for entry in data.get("holidays", []):
            first, last = _day(entry["from"], number), _day(entry["to"], number)
            if last < first:
                raise ValueError(f"{entry.get('name', '')}: to before from")
            while first <= last:
                holidays.add(first)
                first += dt.timedelta(days=1)
        workdays = {_day(d, number) for d in data.get("workdays", [])}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError("calendar.bad_file", path=str(path), error=str(exc)) from None
    return Year(
        number, str(data.get("source", "")), frozenset(holidays), frozenset(workdays), str(path)
    )


def _day(value: Any, number: int) -> dt.date:
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    if day.year != number:
        raise ValueError(f"{day} is not in {number}")
    return day


def is_working(day: dt.date) -> bool:
    return year(day.year).working(day)


def count(first: dt.date, end: dt.date, mode: str = "calendar") -> int:
    """Days (or working days) d with first <= d < end: the sending day counted, the meeting
    day not. Zero when `first` is not before `end`."""
    if first >= end:
        return 0
    if mode != "working":
        return (end - first).days
    total, day = 0, first
    while day < end:
        total += is_working(day)
        day += dt.timedelta(days=1)
    return total


def latest(meeting: dt.date, days: int, mode: str = "calendar") -> dt.date:
    """The last date on which something is still `days` (working) days before `meeting`:
    sent on or before it, at least `days` whole (working) days lie between."""
    if mode != "working" or days <= 0:
        return meeting - dt.timedelta(days=days)
    day, found = meeting, 0
    while found < days:
        day -= dt.timedelta(days=1)
        found += is_working(day)
    return day


def add(start: dt.date, days: int, mode: str = "calendar") -> dt.date:
    """The date `days` (working) days after `start` (the deadline of an after_days report)."""
    if mode != "working" or days <= 0:
        return start + dt.timedelta(days=days)
    day, found = start, 0
    while found < days:
        day += dt.timedelta(days=1)
        found += is_working(day)
    return day


def day_unit(day_count: str) -> Message:
    """个工作日 / 天 as the rules count days (`day_count`): a message, worded in the
    language of the message it goes into (catalog words.unit.*)."""
    return Message("words.unit.working" if day_count == "working" else "words.unit.calendar")


__all__ = [
    "day_unit",
    "CalendarMissing",
    "Year",
    "year",
    "known_years",
    "is_working",
    "count",
    "latest",
    "add",
    "user_dir",
    "PACKAGED",
]
