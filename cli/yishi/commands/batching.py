"""`yishi batch` without typer: the command's body, and what it shares with `render` and
`issue` (dates, formats, the progress bar, the recovery of a killed issue).

yishi.commands.minutes declares `batch` for typer (help, options) and calls `batch` here;
the fast path (yishi.fastpath) parses the same forms itself and calls it too: a year's
batch then starts without typer and pydantic (~0.1 s of a re-render's ~0.7 s).
"""

from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path
from typing import Any

from yishi.commands._base import command_line, store
from yishi.errors import Failed, InputError
from yishi.i18n import current_lang
from yishi.ui import msg, say, warn


def checked_date(value: str | None, option: str, held_ok: bool) -> str | None:
    """--date / --issue-date checked: YYYY-MM-DD (or `held`)."""
    import datetime as dt

    if value is None or (held_ok and value == "held"):
        return value
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(
            "print.bad_date", option=option, value=value, extra="" if not held_ok else " / held"
        ) from None


def parse_formats(values: list[str] | None, default: str = "md") -> list[str]:
    from yishi.render.formats import parse_list

    return parse_list(values, default)


def recover(s: Any, bodies: Any) -> None:
    """Complete what a crashed issue, amend or batch left (the entries of each body's
    ledger whose records were not written), so that a command sees the records as the
    ledger has them."""
    from yishi import ledger
    from yishi.errors import YishiError
    from yishi.integrity import recovered_note

    for body in sorted(set(bodies) & set(ledger.bodies(s.root))):
        try:
            with ledger.transaction(s, body) as tx:
                note = recovered_note(tx.recovered, current_lang())
                if note:
                    warn(note)
        except YishiError:
            continue  # a damaged ledger: verification says what


class ProgressBar(contextlib.AbstractContextManager["ProgressBar"]):
    """A rich progress bar on stderr, shown once rendering starts, on a terminal only: a
    log or a pipe gets the summary line, not a bar drawn once at the end (and a run
    does not pay ~30 ms for importing rich.progress to draw nothing)."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._task: Any = None

    def start(self, total: int) -> None:
        if not _on_terminal(sys.stderr):
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        from yishi.ui import console

        self._bar = Progress(
            TextColumn(msg("batch.progress")),
            BarColumn(),
            MofNCompleteColumn(),
            console=console(stderr=True),
            transient=False,
        )
        self._bar.start()
        self._task = self._bar.add_task("", total=total)

    def advance(self, n: int) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, n)

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _on_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # replaced or closed
        return False


def batch(
    year: int,
    output: Path,
    body: str | None = None,
    format: list[str] | None = None,  # noqa: A002 - the option's name
    issue_date: str = "held",
    template: str = "minutes",
    copy: str = "full",
    jobs: int = 1,
    force: bool = False,
    strict: bool = False,
    cache: bool = True,
    records: Path | None = None,
) -> None:
    """The body of `yishi batch` (yishi.commands.minutes declares its options)."""
    from yishi import batch as core

    request = core.Request(
        year=year,
        output=output,
        formats=parse_formats(format),
        body=body,
        day=checked_date(issue_date, "--issue-date", held_ok=True),
        template=template,
        copy=copy,
        jobs=jobs,
        force=force,
        cache=cache,
        lang=current_lang(),
        cmd=command_line(),
    )
    core.validate(request)  # before the records directory is looked at
    s = store(records)
    with ProgressBar() as bar:
        result = core.run(
            s,
            request,
            core.Hooks(
                say=say,
                warn=warn,
                start=bar.start,
                advance=bar.advance,
                finish=bar.stop,
                recover=recover,
            ),
        )
    if result.exit_code:
        raise Failed(result.exit_code)
