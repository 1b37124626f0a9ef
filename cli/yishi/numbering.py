"""Minutes numbers: one sequence per body, meeting type and year, assigned at issue.

`seq` starts at 1 every year and only grows. Numbers come only from the body's ledger of
issued numbers (yishi.ledger), under its lock: the next number is one more than the highest
the ledger ever handed out for that type and year (a number whose record was lost, or whose
entry was voided by `yishi repair`, is never handed out again; the gap shows in
`yishi report`). When a body's ledger begins, it takes over what yishi 0.1 handed out (its
`.numbers.toml` and the issued 0.1 records). The number text comes from the meeting type's
`number_format` with `{short}`, `{year}`, `{seq}`, `{body}` (body id) and `{type}` (meeting
type id), plain: no format specs or conversions (`{seq:03d}`, `{seq!r}`), which could burn
a number on a failed issue or make a number of any length.
"""

from __future__ import annotations

import string
from typing import Any

from yishi import record as rec
from yishi.errors import InputError, StateError

PLACEHOLDERS = ("short", "year", "seq", "body", "type")
MAX_NUMBER = 200  # characters of a minutes number


def format_problem(fmt: str) -> tuple[str, dict[str, str]] | None:
    """Why `fmt` is not a usable number format (message key, params), or None."""
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError as exc:
        return "rules.format_syntax", {"error": str(exc)}
    names = []
    for _, name, spec, conv in fields:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            return "rules.format_placeholder", {
                "name": name,
                "allowed": ", ".join("{" + p + "}" for p in PLACEHOLDERS),
            }
        if spec or conv:
            return "rules.format_spec", {
                "field": "{"
                + name
                + ("!" + conv if conv else "")
                + (":" + spec if spec else "")
                + "}",
                "name": name,
            }
        names.append(name)
    if "seq" not in names:
        return "rules.format_no_seq", {}
    return None


def format_number(fmt: str, *, short: str, year: int, seq: int, body: str, type: str) -> str:
    problem = format_problem(fmt)
    if problem is not None:
        from yishi.i18n import t

        raise InputError("number.bad_format", format=fmt, error=t(problem[0], "en", **problem[1]))
    text = fmt.format(short=short, year=year, seq=seq, body=body, type=type)
    if len(text) > MAX_NUMBER:
        raise InputError("number.bad_format", format=fmt, error=f"longer than {MAX_NUMBER}")
    return text


def number_for(meeting: rec.Meeting, seq: int) -> str:
    rules = meeting.rules
    return format_number(
        meeting.meeting_type.number_format,
        short=rules.body.short,
        year=meeting.year,
        seq=seq,
        body=meeting.body,
        type=meeting.type,
    )


def out_of_order(tx: Any, meeting: rec.Meeting) -> list[tuple[str, str]]:
    """(number, date) of standing numbers of the same type and year given to meetings held
    after this one: numbering it now puts it out of date order."""
    return out_of_order_at(tx, meeting.type, meeting.year, str(meeting.date))


def out_of_order_at(tx: Any, type_: str, year: int, date: str) -> list[tuple[str, str]]:
    """`out_of_order` of a meeting of this type, year and date."""
    return [
        (str(e.get("number")), str(e.get("date")))
        for e in tx.ledger.issued_after(type_, year, date)
    ]


def issue_event(
    meeting: rec.Meeting,
    seq: int,
    *,
    forced: bool = False,
    findings: list[str] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The `issue` log event that gives `meeting` number `seq` (None values are dropped
    when it is logged)."""
    return {
        "op": "issue",
        "number": number_for(meeting, seq),
        "seq": seq,
        "forced": forced or None,
        "findings": list(findings or []) or None,
        **(extra or {}),
    }


def issue(
    store: Any,
    meeting_id: str,
    tx: Any,
    cmd: str,
    *,
    forced: bool = False,
    findings: list[str] | None = None,
    extra: dict[str, Any] | None = None,
    prepared: Any = None,
) -> tuple[rec.Meeting, dict[str, Any]]:
    """Give a closed meeting the next number of its year from the ledger (`tx`, a
    yishi.ledger transaction), seal and sign it. `extra`: more fields for the issue event;
    `prepared`: see yishi.seal.sealed_change."""
    from yishi.seal import sealed_change

    def build(doc: dict[str, Any], meeting: rec.Meeting) -> dict[str, Any]:
        if meeting.state == rec.ISSUED:
            raise StateError("issue.already", id=meeting.id, number=meeting.number)
        if meeting.state != rec.CLOSED:
            raise StateError("issue.not_closed", id=meeting.id)
        seq = tx.next_seq(meeting.type, meeting.year)
        return issue_event(meeting, seq, forced=forced, findings=findings, extra=extra)

    meeting, entry, seal = sealed_change(store, meeting_id, build, cmd, tx, prepared)
    return meeting, seal


def issue_day(meeting: rec.Meeting, date: str | None) -> str:
    """The 印发 date to store in the issue event: `date` (YYYY-MM-DD; refused before the
    meeting), the meeting's own date for "held", else today (or the meeting's date if the
    clock is behind it)."""
    import datetime as dt

    from yishi.errors import InputError

    held = (
        meeting.date
        if isinstance(meeting.date, dt.date)
        else dt.date.fromisoformat(str(meeting.date))
    )
    if date == "held":
        return held.isoformat()
    if date:
        day = dt.date.fromisoformat(date)
        if day < held:
            raise InputError(
                "print.date_before_meeting",
                date=day.isoformat(),
                held=held.isoformat(),
                id=meeting.id,
            )
        return day.isoformat()
    from yishi.clock import now

    return max(now().date(), held).isoformat()


def gaps(seqs: list[int], last: int = 0) -> list[int]:
    """Numbers between 1 and the highest handed out that no record holds."""
    top = max([last, *seqs], default=0)
    have = set(seqs)
    return [n for n in range(1, top + 1) if n not in have]


def key_of(header: dict[str, Any]) -> tuple[str, str, int] | None:
    try:
        return str(header["body"]), str(header["type"]), int(str(header["date"])[:4])
    except (KeyError, ValueError):
        return None


__all__ = [
    "format_number",
    "format_problem",
    "number_for",
    "issue",
    "issue_day",
    "gaps",
    "key_of",
    "out_of_order",
    "out_of_order_at",
    "issue_event",
    "PLACEHOLDERS",
]
