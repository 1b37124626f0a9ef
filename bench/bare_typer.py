"""A bare typer app with the shape of `yishi attend`: a root callback taking `--records`,
an `attend MEMBER...` command with its own `--records`, doing the floor's work
(bench/floor.py). The difference to the floor is what typer costs; the difference to
`yishi attend` is what yishi itself costs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

sys.path.insert(0, str(Path(__file__).parent))
import floor  # noqa: E402

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
state: dict[str, Path | None] = {"records": None}


@app.callback()
def root(
    records: Annotated[Path | None, typer.Option("--records", envvar="YISHI_RECORDS")] = None,
) -> None:
    state["records"] = records


@app.command("attend")
def attend(
    members: Annotated[list[str], typer.Argument(help="Members present.")],
    records: Annotated[Path | None, typer.Option("--records")] = None,
) -> None:
    """Mark members present."""
    where = records or state["records"] or Path("records")
    print(floor.attend(where, members, "bare " + " ".join(sys.argv[1:])))


@app.command("leave")
def leave(member: str, reason: Annotated[str, typer.Option("--reason")] = "") -> None:
    """A second command, so that the app is a group like yishi."""
    print(member, reason)


if __name__ == "__main__":
    app()
