"""The typer app: registers the command groups, nothing else.

A one-shot command builds only the command it runs: turning typer functions into click
commands costs ~2 ms per command, and a secretary's `yishi attend` should not pay for
`batch` and `report` (nor import their modules). `app` (the full tree) serves tests,
`--help` and `yishi shell`, which builds it once.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from yishi import __version__
from yishi.commands import _common
from yishi.i18n import set_lang

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


def _version(value: bool) -> None:
    if value:
        print(f"yishi {__version__}")
        raise typer.Exit()


def _root_app() -> typer.Typer:
    from yishi.commands._help import YishiGroup

    root = typer.Typer(
        name="yishi",
        cls=YishiGroup,  # help and usage errors in the chosen language (commands/_help.py)
        rich_markup_mode=None,
        help="议事 yishi — meeting secretary for governing bodies: rules, recording, checks, "
        "minutes.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @root.callback()
    def _root(
        lang: Annotated[
            str | None, typer.Option("--lang", help="zh | en (default: from the locale)")
        ] = None,
        records: Annotated[
            Path | None,
            typer.Option(
                "--records", envvar="YISHI_RECORDS", help="Records directory (default ./records)."
            ),
        ] = None,
        version: Annotated[
            bool,
            typer.Option(
                "--version", callback=_version, is_eager=True, help="Show the version and exit."
            ),
        ] = False,
    ) -> None:
        set_lang(lang)
        _common.state["lang_given"] = lang is not None
        _common.state["records"] = records

    return root


def _module(name: str) -> Any:
    return importlib.import_module(f"yishi.commands.{name}")


def build(only: str | None = None) -> typer.Typer:
    """The app with every command, or with just the command (or group) `only`."""
    root = _root_app()
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
    build(invoked(sys.argv[1:]))(prog_name="yishi")
