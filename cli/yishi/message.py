"""One message type: a catalog key and its parameters, worded in zh or en only when shown.

Everything yishi tells a user carries its words this way: errors (`YishiError`), check
findings, rules problems, ledger problems, seal changes. They all are `Keyed` (a `key` into
the catalog, `params`), and `message(lang)` words them through the one `i18n.t`. A
parameter may itself be a message (`Message`, or an `i18n.Term`), worded in the language
of the message it goes into; a parameter named `x_zh` / `x_en` stands for `x` in that
language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class Keyed:
    """What carries a message: `key` and `params`, worded by `message(lang)`."""

    key: str
    params: dict[str, Any]

    def message(self, lang: str) -> str:
        from yishi.i18n import t

        return t(self.key, lang, **self.params)

    def as_message(self) -> Message:
        return Message(self.key, dict(self.params))


@dataclass(frozen=True)
class Message(Keyed):
    """A message as a value (a parameter of another message, a line of a view)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


def message(key: str, /, **params: Any) -> Message:
    return Message(key, params)


__all__ = ["Keyed", "Message", "message"]
