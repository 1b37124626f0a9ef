"""`yishi log` and `yishi fix`: see what was recorded, numbered, and correct one entry
without undoing everything after it (the rules of a fix are in `yishi.fix`)."""

from __future__ import annotations

from typing import Annotated

import typer

from yishi.commands._common import RecordsOpt, command_line, handle_errors, records_dir, state
from yishi.errors import Failed, InputError
from yishi.ui import msg, say

app = typer.Typer()

# commands that never record an event: a fix cannot be one of them
NOT_RECORDING = {
    "status",
    "check",
    "explain",
    "list",
    "render",
    "verify",
    "report",
    "batch",
    "issue",
    "amend",
    "use",
    "open",
    "undo",
    "log",
    "fix",
    "shell",
    "rules",
    "key",
    "close",
    "tasks",
    "task",
}


@app.command("log")
@handle_errors
def log(
    all_: Annotated[
        bool, typer.Option("--all", help="Also list undone entries and undos.")
    ] = False,
    records: RecordsOpt = None,
) -> None:
    """List the meeting's log entries, numbered (for `fix`)."""
    from yishi import record as rec
    from yishi.commands._common import store

    s = store(records)
    meeting_id = s.current()
    entries = s.read(meeting_id).get("log", [])
    undone = {e.get("target") for e in entries if e.get("op") == "undo"}
    fixed = {e["replaces"]: e for e in rec.active_events(entries) if "replaces" in e}
    say(msg("log.title", id=meeting_id, count=len(entries)))
    for entry in entries:
        n = entry.get("n")
        if not all_ and (entry.get("op") == "undo" or n in undone or "replaces" in entry):
            continue
        shown = fixed.get(n, entry) if n in fixed else entry
        cmd = typed(str(shown.get("cmd") or shown.get("op", "")))
        note = ""
        if n in fixed:
            note = "  " + msg("log.fixed", by=_fix_number(entries, n))
        elif n in undone:
            note = "  " + msg("log.undone")
        elif "replaces" in entry:
            note = "  " + msg("log.fix_of", n=entry["replaces"])
        at = str(entry.get("at", ""))[11:16]
        say(f"{n:>4}  {at}  {cmd}{note}")


def typed(cmd: str) -> str:
    """A logged command line as the secretary would retype it: without `yishi`, the root
    options (--lang, --records) and, for a fix, `fix N`."""
    import re

    cmd = re.sub(r"^(yishi\s+)?((--lang|--records)(=|\s+)\S+\s+)*", "", cmd.strip())
    return re.sub(r"^fix\s+\d+\s+", "", cmd)


def _fix_number(entries: list[dict], n: int) -> int:
    return max(e["n"] for e in entries if e.get("replaces") == n)


@app.command("fix", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
@handle_errors
def fix(
    entry: Annotated[int, typer.Argument(help="Number of the entry (see `yishi log`).")],
    command: Annotated[list[str], typer.Argument(help="The corrected command.")],
    records: RecordsOpt = None,
) -> None:
    """Replace log entry N with a corrected command; later entries are checked again."""
    from yishi import app as app_mod
    from yishi.fix import FixingStore, live_entry

    words = list(command)
    if words and words[0] == "yishi":
        words = words[1:]
    if not words:
        raise InputError("fix.not_recording", command="-")
    name = words[0]
    if (
        (name not in app_mod.COMMANDS and name not in app_mod.GROUPS)
        or name in NOT_RECORDING
        or words[:2] == ["item", "list"]
    ):
        raise InputError("fix.not_recording", command=" ".join(words[:2]))
    fixing = FixingStore(records_dir(records), entry)
    s = fixing
    live_entry(s.read(s.current()).get("log", []), entry)  # refuse a wrong number first
    line = command_line()
    saved = {k: state.get(k) for k in ("fix", "cmd", "records", "lang_given")}
    state.update(fix=fixing, cmd=line)
    prefix = ["--records", str(fixing.root)]
    if state.get("lang_given"):
        from yishi.i18n import current_lang

        prefix += ["--lang", current_lang()]
    try:
        import typer as _typer

        code = _typer.main.get_command(app_mod.build(name)).main(
            prefix + words, prog_name="yishi", standalone_mode=False
        )
    finally:
        state.update(saved)
    if code:
        raise Failed(code)
    if not fixing.used:
        raise InputError("fix.not_recording", command=name)
    say(msg("fix.done", n=entry))
