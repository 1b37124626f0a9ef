"""The typer app: registers the command groups, nothing else.

A one-shot command builds only the command it runs: turning typer functions into click
commands costs ~2 ms per command, and a secretary's `yishi attend` should not pay for
`batch` and `report` (nor import their modules). `app` (the full tree) serves tests,
`--help` and `yishi shell`, which builds it once.

Before any of that, `main` offers the command line to the fast path (yishi.fastpath): the
recording commands typed during a meeting run without importing typer (and pydantic) at
all; what it does not fully understand comes here. So this module imports typer only when
it builds an app.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

# command name -> the module of yishi.commands that defines it (on its `app`)
COMMANDS = {
    **dict.fromkeys(
        [
            "open",
            "use",
            "list",
            "attend",
            "leave",
            "absent",
            "depart",
            "guest",
            "recuse",
            "opinion",
            "vote",
            "decide",
            "reconsider",
            "notified",
            "set",
            "undo",
            "close",
            "chair",
            "brief",
        ],
        "meeting",
    ),
    **dict.fromkeys(["check", "explain", "status"], "check"),
    **dict.fromkeys(["issue", "render", "amend", "batch", "report"], "minutes"),
    **dict.fromkeys(["verify", "repair"], "integrity"),
    **dict.fromkeys(["review", "tasks"], "after"),
    **dict.fromkeys(["plan", "notice", "due", "reported"], "before"),
    "shell": "shell",
    **dict.fromkeys(["log", "fix"], "console"),
}
# command groups -> (module, attribute)
# (`before` adds approve/withdraw/prereq to meeting's item_app)
GROUPS = {
    "rules": ("rules", "app"),
    "item": ("before", "item_app"),
    "key": ("keys", "app"),
    "task": ("after", "task_app"),
}
# root options that take a value (skipped when looking for the command name)
_VALUE_OPTIONS = {"--lang", "--records"}


def _module(name: str) -> Any:
    return importlib.import_module(f"yishi.commands.{name}")


def build(only: str | None = None) -> typer.Typer:
    """The app with every command, or with just the command (or group) `only`."""
    from yishi.commands._root import root_app

    root = root_app()
    if only in GROUPS:
        module, attribute = GROUPS[only]
        root.add_typer(getattr(_module(module), attribute), name=only)
        return root
    if only in COMMANDS:
        wanted = [c for c in _module(COMMANDS[only]).app.registered_commands if c.name == only]
        root.registered_commands += wanted
        return root
    for group, (module, attribute) in GROUPS.items():
        root.add_typer(getattr(_module(module), attribute), name=group)
    for module in dict.fromkeys(COMMANDS.values()):
        root.registered_commands += _module(module).app.registered_commands
    return root


def invoked(args: list[str]) -> str | None:
    """The command name in a command line, or None (root help, version, a typo)."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _VALUE_OPTIONS:
            skip = True
        elif arg.startswith("-"):
            if arg.split("=", 1)[0] not in _VALUE_OPTIONS:
                return None  # --help, --version or an unknown option: the full app answers
        else:
            return arg if arg in COMMANDS or arg in GROUPS else None
    return None


def __getattr__(name: str) -> Any:
    if name == "app":  # the full tree, built on first use
        full = build()
        globals()["app"] = full
        return full
    raise AttributeError(name)


def main() -> None:
    from yishi import fastpath

    code = fastpath.run(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    build(invoked(sys.argv[1:]))(prog_name="yishi")
