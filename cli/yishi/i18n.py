"""Message lookup in Chinese and English.

Chinese where the locale is zh_*, English otherwise (`detect_lang` gives the order of the
environment variables); `--lang zh|en` overrides (see `set_lang`).
Catalogs live in `yishi.catalog.*`, one module per area, each a dict
`{key: (zh, en)}` so that two people can add messages without touching the same file.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from typing import Any

from yishi.message import Message

LANGS = ("zh", "en")
_current: str | None = None
_catalog: dict[str, tuple[str, str]] | None = None


def detect_lang(environ: dict[str, str] | None = None) -> str:
    """zh or en from the environment: YISHI_LANG (zh|en), then the gettext order.

    LANGUAGE (a colon-separated priority list; its first zh* or en* entry decides) comes
    first unless the locale is explicitly C or POSIX (C.UTF-8 too), as in gettext; unlike
    gettext, LANGUAGE is honoured when no locale variable is set at all. Then the locale:
    the first of LC_ALL, LC_MESSAGES, LANG that is set; zh* is Chinese, anything else
    English."""
    env = os.environ if environ is None else environ
    if env.get("YISHI_LANG") in LANGS:
        return env["YISHI_LANG"]
    locale = next((env[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(v)), "")
    plain_c = locale in ("C", "POSIX") or locale.startswith(("C.", "POSIX."))
    if not plain_c:
        for part in env.get("LANGUAGE", "").split(":"):
            part = part.strip().lower()
            if part.startswith(("zh", "en")):
                return part[:2]
    return "zh" if locale.lower().startswith("zh") else "en"


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


class Term(str):
    """A message parameter that is itself a catalog entry (a status word, a suffix): the
    core names it, `t` renders it in the language of the message it goes into."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, /, **params: Any) -> Term:
        term = super().__new__(cls, key)
        term.key, term.params = key, params
        return term


def _worded(params: dict[str, Any], lang: str) -> dict[str, Any]:
    """Parameters that are messages (Term, Message) worded in `lang`; `x_zh` / `x_en`
    standing for `x` in their language."""
    out = {
        k: t(v.key, lang, **v.params) if isinstance(v, Term | Message) else v
        for k, v in params.items()
    }
    suffix = "_zh" if lang == "zh" else "_en"
    for name in params:
        if name.endswith(suffix):
            out[name[:-3]] = out[name]
    return out


def t(key: str, lang: str | None = None, /, **params: Any) -> str:
    """The message `key` in `lang` (default: the current language), formatted with params."""
    lang = lang or current_lang()
    if params:
        params = _worded(params, lang)
    entry = catalog().get(key)
    if entry is None:
        text = key + ("" if not params else " " + repr(params))
        return text
    template = entry[0] if lang == "zh" else entry[1]
    if params.get("hint"):  # a did-you-mean suggestion, worded around the value
        words = catalog()["error.did_you_mean"]
        params = {**params, "hint": (words[0] if lang == "zh" else words[1]).format(params["hint"])}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
