"""The root of the typer app: `yishi [--lang] [--records] [--version] COMMAND`.

Its own module so that yishi.app imports typer only when it builds an app (the fast path
of the recording commands never does; see yishi.fastpath, which does what `_root` does).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yishi import __version__
from yishi.commands import _common
from yishi.commands._help import YishiGroup
from yishi.i18n import set_lang


def _version(value: bool) -> None:
    if value:
        print(f"yishi {__version__}")
        raise typer.Exit()


def root_app() -> typer.Typer:
    """The root command, its options (--lang, --records, --version) and no subcommand."""
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
