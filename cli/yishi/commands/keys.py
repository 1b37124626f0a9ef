"""`yishi key show | trust | rotate`: the office's signing key and the keys trusted here."""

from __future__ import annotations

from typing import Annotated

import typer

from yishi.commands._common import handle_errors
from yishi.ui import msg, say

app = typer.Typer(
    help="The office's Ed25519 signing key and the keys this machine trusts.", no_args_is_help=True
)


@app.command("show")
@handle_errors
def show() -> None:
    """Print this office's public key (made on first use) and every trusted key; the public
    key alone on the last line (to give to another office for `yishi key trust`)."""
    from yishi import keys

    office = keys.office_key()
    say(msg("key.show_office", id=office.id))
    say(msg("key.show_file", path=str(office.path)))
    say(msg("key.show_trusted"))
    for kid, k in sorted(keys.trusted().items(), key=lambda kv: (kv[1].origin, kv[1].added)):
        if k.origin == "own":
            what = (
                msg("key.own")
                + ", "
                + (msg("key.retired", at=k.retired) if k.retired else msg("key.current"))
            )
        else:
            what = msg("key.other") + (f", {k.name}" if k.name else "")
        say(f"  {kid}  {what}  {k.public}")
    say(office.public)


@app.command("trust")
@handle_errors
def trust(
    key: Annotated[str, typer.Argument(help="A public key: ed25519:BASE64 (from key show).")],
    name: Annotated[str, typer.Option("--name", help="Whose key it is (a note).")] = "",
) -> None:
    """Trust another office's public key: records signed with it verify here."""
    from yishi import keys

    trusted = keys.trust(key, name)
    say(msg("key.trusted_done", id=trusted.id, name=f" ({trusted.name})" if trusted.name else ""))


@app.command("rotate")
@handle_errors
def rotate() -> None:
    """Replace the office key; what the old one signed still verifies."""
    from yishi import keys

    old, new = keys.rotate()
    say(msg("key.rotated", old=old.id, new=new.id))
    say(new.public)
