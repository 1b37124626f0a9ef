"""Everything the terminal sees: plain lines, errors, and (lazily) rich tables.

rich is imported only where a table or colour is actually drawn, so recording commands
stay fast.
"""

from __future__ import annotations

import sys
from typing import Any

from yishi.i18n import current_lang, t


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def warn(text: str) -> None:
    sys.stderr.write(text + "\n")


def msg(key: str, **params: Any) -> str:
    return t(key, current_lang(), **params)


def console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)
