"""The typer app: registers the command groups, nothing else."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yishi import __version__
from yishi.commands import _common
from yishi.commands import check as check_commands
from yishi.commands import meeting as meeting_commands
from yishi.commands import minutes as minutes_commands
from yishi.commands import rules as rules_commands
from yishi.commands import shell as shell_commands
from yishi.i18n import set_lang

app = typer.Typer(
    name="yishi",
    help="议事 yishi — meeting secretary for governing bodies: rules, recording, checks, minutes.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"yishi {__version__}")
        raise typer.Exit()


@app.callback()
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


app.add_typer(rules_commands.app, name="rules")
app.registered_commands += meeting_commands.app.registered_commands
app.add_typer(meeting_commands.item_app, name="item")
# -- check commands (check, explain, status) register below this line
app.registered_commands += check_commands.app.registered_commands
# -- minutes commands (render, issue, verify, batch, report, amend) register below this line
app.registered_commands += minutes_commands.app.registered_commands
# -- shell registers below this line
app.registered_commands += shell_commands.app.registered_commands


def main() -> None:
    app()
