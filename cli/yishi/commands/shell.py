"""`yishi shell`: the whole meeting at one prompt.

The same commands without the `yishi` prefix, run in-process (no interpreter start, so a
command answers in milliseconds). Tab completes by position: the command, then its
options, then what fits there (members not yet present for `attend`, members present for
the item and not recused for `vote --yes`, item numbers, candidates, positions). The
prompt shows the meeting, its state and whether the quorum is met. History is kept in
records/.shell_history (never a secret-ballot line with names); readline's Ctrl-R searches
it. Ctrl-C cancels the line, Ctrl-D or `exit` leaves. readline is kept rather than
prompt_toolkit: it is in the standard library and costs nothing at start-up.
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path
from typing import Any

import typer

from yishi.commands._common import RecordsOpt, handle_errors, records_dir, state
from yishi.errors import Failed
from yishi.i18n import current_lang
from yishi.ui import msg, say, warn

app = typer.Typer()

EXIT_WORDS = {"exit", "quit", "q", "退出"}
HELP_WORDS = {"help", "?", "帮助"}


# options whose value is a list of members (comma-separated), per command
_MEMBER_LISTS = {
    ("vote", "--yes"),
    ("vote", "--no"),
    ("vote", "--abstain"),
    ("reconsider", "--yes"),
}
_ITEM_OPTIONS = {"--item", "-i", "--after", "--from-item"}
_MEMBER_OPTIONS = {"--chair", "--presenter"}
METHODS = ("oral", "hands", "secret", "roll_call")


class Shell:
    def __init__(self, records: Path, lang: str | None) -> None:
        from yishi.app import app as root

        self.records = records
        self.lang = lang
        self.command = typer.main.get_command(root)
        self.names = sorted(getattr(self.command, "commands", {}))
        self._words: list[str] = []
        self._meeting: object | None = None
        self.last_code = 0

    # --- running

    def run_line(self, line: str) -> int:
        """Run one command line as `yishi` would; return its exit code."""
        try:
            args = shlex.split(line)
        except ValueError as exc:
            from yishi.commands._help import translate_shlex

            warn(msg("help.error") + translate_shlex(str(exc)))
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
            code = self.command.main(prefix + args, prog_name="yishi", standalone_mode=False)
            code = code if isinstance(code, int) else 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            state["cmd"] = None
            sys.stdout.flush()
        self._words = []  # members/items may have changed
        self._meeting = None
        self.last_code = code
        return code

    # --- the meeting, for completion and the prompt (never breaks the prompt)

    def meeting(self) -> object | None:
        if self._meeting is None:
            try:
                from yishi.store import Store

                store = Store(self.records)  # the record read again, parsed only if changed
                self._meeting = store.cached_meeting(store.current())
            except Exception:  # no current meeting, a damaged record: complete commands only
                self._meeting = False
        return self._meeting or None

    def prompt(self) -> str:
        """`议事 2024-03-05-bureau-party_group-1 进行中 到会6/8 ✓> `"""
        m: Any = self.meeting()
        if m is None:
            return msg("shell.prompt")
        here, total = len(m.attended()), len(m.members)
        mark = "✓" if m.quorate() else "✗"  # a type without a quorum rule always has it
        return msg(
            "shell.prompt_meeting",
            id=m.id,
            state=msg(f"status.state.{m.state}"),
            present=here,
            total=total,
            quorum=mark,
        )

    def words(self) -> list[str]:
        """Every word completion may offer (for a line the shell cannot place)."""
        if not self._words:
            words: list[str] = []
            m: Any = self.meeting()
            if m is not None:
                for member in m.members:
                    words += [member.id, member.name]
                words += [str(item.number) for item in m.items]
                words += list(m.rules.item_kinds)
                for item in m.items:
                    words += list(item.candidates)
            words += ["agree", "disagree", "defer", *METHODS]
            self._words = words
        return self._words

    # --- completion by position

    def complete(self, text: str, index: int) -> str | None:
        import readline

        if index == 0:
            before = readline.get_line_buffer()[: readline.get_begidx()]
            self._matches = self.candidates(before, text)
            words = before.split()
            in_list = (
                bool(words)
                and (words[0], words[-1].split(",")[0]) in _MEMBER_LISTS
                or before.rstrip().endswith(",")
            )
            if len(self._matches) == 1 and not in_list:  # a unique word: go on to the next
                self._matches = [self._matches[0] + " "]
        matches = getattr(self, "_matches", [])
        return matches[index] if index < len(matches) else None

    def candidates(self, before: str, text: str) -> list[str]:
        """What may come at the cursor: `before` is the line up to the word being typed
        (`text`, which starts after the last space or comma)."""
        try:
            words = shlex.split(before)
        except ValueError:
            words = before.split()
        if words and words[0] == "yishi":
            words = words[1:]
        partial = before and not before[-1].isspace()  # `--yes zhang,` : a list goes on
        listed = words.pop().split(",") if partial and words else []
        pool = self._pool(words, listed, text)
        named = set(listed)
        m: Any = self.meeting() if listed else None
        if m is not None:  # a member named once is not offered again, by id or by name
            for member in m.members:
                if member.id in named or member.name in named:
                    named |= {member.id, member.name}
        seen: dict[str, None] = {}
        for word in pool:
            if word.startswith(text) and word not in named:
                seen.setdefault(word)
        return list(seen)

    def _pool(self, words: list[str], listed: list[str], text: str) -> list[str]:
        if not words:
            return [*self.names, "help", "exit"]
        name, rest = words[0], words[1:]
        if name == "fix":  # fix N COMMAND...: the command completes as itself
            return self._pool(rest[1:], listed, text) if rest else self._entries()
        if name == "help":
            return self.names if not rest else []
        group = getattr(self.command, "commands", {}).get(name)
        if group is None:
            return []
        if hasattr(group, "commands"):  # item add, rules check
            if not rest:
                return list(group.commands)
            sub = group.commands.get(rest[0])
            if sub is None:
                return []
            name, rest, group = f"{name} {rest[0]}", rest[1:], sub
        if text.startswith("-") and not listed:
            return self.options(" ".join([name, *rest]))
        previous = rest[-1] if rest else ""
        positional = _positional(group, rest)
        m: Any = self.meeting()
        if m is None:
            return []
        if previous.startswith("-") and _takes_value(group, previous):
            return self._option_values(m, name, previous, positional)
        return self._argument_values(m, name, positional)

    def _entries(self) -> list[str]:
        try:
            from yishi.store import Store

            store = Store(self.records)
            log = store.read(store.current()).get("log", [])
        except Exception:
            return []
        return [str(e["n"]) for e in reversed(log) if e.get("op") != "undo"]

    def _item_of(self, m: Any, positional: list[str]) -> Any:
        try:
            return m.item(int(positional[0].split(",")[0]))
        except (IndexError, ValueError, Exception):
            return None

    def _option_values(self, m: Any, name: str, option: str, positional: list[str]) -> list[str]:
        item = self._item_of(m, positional)
        if (name, option) in _MEMBER_LISTS:
            if item is None:
                return []
            return _member_words(m.present_members_for(item))  # present, not recused
        if option == "--method" or option == "-m":
            return list(m.rules.methods_for(m.kind(item))) if item is not None else list(METHODS)
        if option in ("--candidate", "-c"):
            return list(item.candidates) if item is not None else []
        if option in _ITEM_OPTIONS:
            return [str(i.number) for i in m.items]
        if option in ("--kind", "-k"):
            return list(m.meeting_type.kinds or m.rules.item_kinds)
        if option in _MEMBER_OPTIONS:
            return _member_words(m.members)
        return []

    def _argument_values(self, m: Any, name: str, positional: list[str]) -> list[str]:
        from yishi.record import PRESENT

        index = len(positional)
        not_present = [x for x in m.members if m.status_of(x.id) != PRESENT]
        if name == "attend":
            return _member_words(not_present)  # not yet present
        if name in ("absent", "leave"):
            return (
                _member_words([x for x in not_present if m.status_of(x.id) is None] or not_present)
                if index == 0 or name == "absent"
                else []
            )
        if name in ("depart", "recuse", "chair") and index == 0:
            return _member_words(m.attended())
        if name == "brief" and index == 0:  # 会后转告: those who did not attend
            return _member_words(not_present)
        if name in ("opinion", "vote", "decide", "reconsider") and index == 0:
            return [str(i.number) for i in m.items]
        if name == "opinion" and index == 1:
            item = self._item_of(m, positional)
            if item is None:
                return []
            on_leave = [x for x in m.members if m.status_of(x.id) == "leave"]
            return _member_words(m.present_members_for(item) + on_leave)
        if name == "opinion" and index == 2:
            item = self._item_of(m, positional)
            return list(m.kind(item).opinions) if item is not None else ["agree", "disagree"]
        if name == "use" and index == 0:
            from yishi.store import Store

            return Store(self.records).ids()
        return []

    def options(self, line: str) -> list[str]:
        parts = line.split()
        if not parts:
            return []
        sub = getattr(self.command, "commands", {}).get(parts[0])
        if sub is not None and len(parts) > 1 and hasattr(sub, "commands"):
            sub = sub.commands.get(parts[1], sub)
        params = getattr(sub, "params", [])
        return [opt for p in params for opt in getattr(p, "opts", []) if opt.startswith("--")]

    def help(self, topic: str = "") -> int:
        """`help` lists the commands in the chosen language; `help vote` is `vote --help`."""
        if topic:
            return self.run_line(f"{topic} --help")
        from yishi.commands import _help

        lang = self.lang or current_lang()
        rows = [
            (name, _help.command_help(cmd, [name], lang))
            for name, cmd in getattr(self.command, "commands", {}).items()
            if not cmd.hidden
        ]
        say(msg("shell.help_title"))
        for line in _help._rows(rows, _help.width()):
            say(line)
        say(msg("shell.help_tail"))
        return 0


def _member_words(members: Any) -> list[str]:
    out: list[str] = []
    for member in members:
        out += [member.name, member.id]
    return out


def _positional(command: Any, rest: list[str]) -> list[str]:
    """The positional arguments typed so far (options and their values skipped)."""
    out: list[str] = []
    skip = False
    for word in rest:
        if skip:
            skip = False
        elif word.startswith("-") and len(word) > 1:
            skip = "=" not in word and _takes_value(command, word)
        else:
            out.append(word)
    return out


def _takes_value(command: Any, option: str) -> bool:
    for param in getattr(command, "params", []):
        if option in getattr(param, "opts", []) or option in getattr(param, "secondary_opts", []):
            return not getattr(param, "is_flag", False)
    return False


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
            line = input(session.prompt() if interactive else "")
        except EOFError:
            break
        except KeyboardInterrupt:  # Ctrl-C cancels the line, not the shell
            say("")
            continue
        if interactive:
            _remember(line)
        words = line.split()
        if line.strip() in EXIT_WORDS:
            break
        try:
            if words and words[0] in HELP_WORDS:
                code = session.help(" ".join(words[1:]))
            else:
                code = session.run_line(line)
        except KeyboardInterrupt:  # Ctrl-C while a command runs: back to the prompt
            say("")
            code = 130
        worst = max(worst, code if isinstance(code, int) else 1)
    if not interactive and worst:
        raise Failed(worst)


def run_script(lines: list[str], records: Path) -> list[int]:
    """Run several command lines in one process (used by tests and benchmarks)."""
    session = Shell(records, None)
    return [session.run_line(line) for line in lines]


__all__ = ["Shell", "run_script", "app"]
