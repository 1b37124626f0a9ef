"""Message lookup in Chinese and English.

Chinese where the locale is zh_*, English otherwise; `--lang` overrides (see `set_lang`).
Catalogs live in `yishi.catalog.*`, one module per area, each a dict
`{key: (zh, en)}` so that two people can add messages without touching the same file.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from typing import Any

LANGS = ("zh", "en")
_current: str | None = None
_catalog: dict[str, tuple[str, str]] | None = None


def detect_lang(environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    for var in ("YISHI_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_lang(lang: str | None) -> None:
    global _current
    _current = lang if lang in LANGS else None


def current_lang() -> str:
    return _current or detect_lang()


def catalog() -> dict[str, tuple[str, str]]:
    global _catalog
    if _catalog is None:
        import yishi.catalog as pkg

        merged: dict[str, tuple[str, str]] = {}
        for info in pkgutil.iter_modules(pkg.__path__):
            module = importlib.import_module(f"yishi.catalog.{info.name}")
            merged.update(getattr(module, "MESSAGES", {}))
        _catalog = merged
    return _catalog


def t(key: str, lang: str | None = None, /, **params: Any) -> str:
    """The message `key` in `lang` (default: the current language), formatted with params."""
    lang = lang or current_lang()
    entry = catalog().get(key)
    if entry is None:
        text = key + ("" if not params else " " + repr(params))
        return text
    template = entry[0] if lang == "zh" else entry[1]
    if params.get("hint"):
        hint = params["hint"]
        params = {**params, "hint": f"（是否想写“{hint}”？）" if lang == "zh"
                  else f" (did you mean '{hint}'?)"}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
