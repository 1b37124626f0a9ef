"""`yishi shell`: the whole meeting at one prompt.

The same commands without the `yishi` prefix, run in-process (no interpreter start, so a
command answers in milliseconds), with readline completion of commands, member ids and
names and item numbers, and a history file kept beside the records.
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import typer

from yishi.commands._common import RecordsOpt, handle_errors, records_dir, state
from yishi.i18n import current_lang
from yishi.ui import msg, say, warn

app = typer.Typer()

EXIT_WORDS = {"exit", "quit", "q", "退出"}


class Shell:
    def __init__(self, records: Path, lang: str | None) -> None:
        from yishi.app import app as root

        self.records = records
        self.lang = lang
        self.command = typer.main.get_command(root)
        self.names = sorted(getattr(self.command, "commands", {}))
        self._words: list[str] = []
        self.last_code = 0

    # --- running

    def run_line(self, line: str) -> int:
        """Run one command line as `yishi` would; return its exit code."""
        try:
            args = shlex.split(line)
        except ValueError as exc:
            warn(str(exc))
            return 2
        if not args:
            return 0
        if args[0] == "yishi":
            args = args[1:]
        if args and args[0] == "shell":
            return 0
        prefix = ["--records", str(self.records)]
        if self.lang:
            prefix += ["--lang", self.lang]
        state["cmd"] = line.strip()
        try:
            self.command.main(prefix + args, prog_name="yishi", standalone_mode=True)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            state["cmd"] = None
            sys.stdout.flush()
        self._words = []  # members/items may have changed
        self.last_code = code
        return code

    # --- completion

    def words(self) -> list[str]:
        if not self._words:
            words: list[str] = []
            try:
                from yishi.store import Store

                store = Store(self.records)
                meeting = store.meeting(store.current())
                for member in meeting.members:
                    words += [member.id, member.name]
                words += [str(item.number) for item in meeting.items]
                words += list(meeting.rules.item_kinds)
                for item in meeting.items:
                    words += list(item.candidates)
            except Exception:  # completion must never break the prompt
                pass
            words += ["agree", "disagree", "defer", "oral", "hands", "secret", "roll_call"]
            self._words = words
        return self._words

    def complete(self, text: str, index: int) -> str | None:
        import readline

        line = readline.get_line_buffer()
        first = not line[: readline.get_begidx()].strip()
        pool = self.names + sorted(EXIT_WORDS) if first else self.words() + self.options(line)
        matches = [w for w in pool if w.startswith(text)]
        return matches[index] if index < len(matches) else None

    def options(self, line: str) -> list[str]:
        parts = line.split()
        if not parts:
            return []
        sub = getattr(self.command, "commands", {}).get(parts[0])
        if sub is not None and len(parts) > 1 and hasattr(sub, "commands"):
            sub = sub.commands.get(parts[1], sub)
        params = getattr(sub, "params", [])
        return [opt for p in params for opt in getattr(p, "opts", []) if opt.startswith("--")]


_SAFE_VALUE = r"(secret|oral|hands|roll_call|\d+([,，]\d+)*)"
_SAFE_SECRET_TOKEN = re.compile(rf"(vote|yishi|{_SAFE_VALUE}|-[a-z]|--[a-z-]+(={_SAFE_VALUE})?)")


def keep_in_history(line: str) -> bool:
    """False for a line that may name who voted how in a secret ballot (refused or not):
    any line mentioning a secret vote with a word that is not a count, an option or a
    method. Such a line never reaches records/.shell_history."""
    if "secret" not in line and "无记名" not in line:
        return True
    try:
        args = shlex.split(line)
    except ValueError:
        return False
    return all(_SAFE_SECRET_TOKEN.fullmatch(arg) for arg in args)


def _remember(line: str) -> None:
    try:
        import readline
    except ImportError:  # pragma: no cover
        return
    if line.strip() and keep_in_history(line):
        readline.add_history(line)


def _setup_readline(shell: Shell, history: Path) -> None:
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows without pyreadline
        return
    readline.set_completer(shell.complete)
    readline.set_completer_delims(" \t\n,")
    readline.parse_and_bind("tab: complete")
    readline.set_auto_history(False)  # lines are added by _remember, secret ballots never
    try:
        readline.read_history_file(history)
    except OSError:
        pass
    readline.set_history_length(2000)
    import atexit

    def save() -> None:
        try:
            history.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(history)
        except OSError:
            pass

    atexit.register(save)


@app.command("shell")
@handle_errors
def shell(records: RecordsOpt = None) -> None:
    """Interactive prompt for the whole meeting (commands without the `yishi` prefix)."""
    root = records_dir(records)
    session = Shell(root, current_lang() if state.get("lang_given") else None)
    interactive = sys.stdin.isatty()
    if interactive:
        _setup_readline(session, root / ".shell_history")
        say(msg("shell.welcome"))
    worst = 0
    while True:
        try:
            line = input(msg("shell.prompt") if interactive else "")
        except EOFError:
            break
        except KeyboardInterrupt:
            say("")
            continue
        if interactive:
            _remember(line)
        if line.strip() in EXIT_WORDS:
            break
        if line.strip() in ("help", "?", "帮助"):
            session.run_line("--help")
            continue
        code = session.run_line(line)
        worst = max(worst, code if isinstance(code, int) else 1)
    if not interactive and worst:
        raise typer.Exit(worst)


def run_script(lines: list[str], records: Path) -> list[int]:
    """Run several command lines in one process (used by tests and benchmarks)."""
    session = Shell(records, None)
    return [session.run_line(line) for line in lines]


__all__ = ["Shell", "run_script", "app"]
