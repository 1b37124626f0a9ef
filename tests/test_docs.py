"""Docs that the code keeps honest: generated sections are current, and every finding code
is documented in both languages and actually emitted by the checker."""

from __future__ import annotations

import re

from tests.helpers import ROOT
from yishi import docgen
from yishi.check import CODES
from yishi.i18n import catalog


def test_generated_docs_are_current() -> None:
    assert docgen.stale(ROOT) == [], "generated docs are stale: run `make docs` and commit"


def test_every_code_is_explained_in_both_languages() -> None:
    messages = catalog()
    for code in CODES:
        zh, en = messages[f"check.doc.{code}"]
        assert zh.strip() and en.strip(), code


def test_every_registered_code_is_emitted_and_every_emitted_code_registered() -> None:
    source = "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "cli" / "yishi").rglob("*.py"))
    )
    emitted = set(re.findall(r'\b(?:add|finding|_finding|Finding)\(\s*"([A-Z][A-Z_]+)"', source))
    assert emitted, "the pattern no longer finds the checker's calls"
    assert emitted - set(CODES) == set(), "emitted but not registered in check.CODES"
    assert set(CODES) - emitted == set(), "registered in check.CODES but never emitted"


def _sources() -> str:
    code = [p for p in (ROOT / "cli" / "yishi").rglob("*.py") if "catalog" not in p.parts]
    templates = [p for p in (ROOT / "templates").rglob("*") if p.suffix in (".j2", ".py")]
    return "\n".join(p.read_text(encoding="utf-8") for p in code + templates)


def test_every_message_key_used_exists_and_none_is_dead() -> None:
    """A key is used when its literal appears in the code or templates, or when an f-string
    builds keys of its family (f"check.doc.{code}", f"rules.unknown_{what}")."""
    messages = catalog()
    source = _sources()
    literals = set(re.findall(r'["\']([a-z_]+(?:\.[A-Za-z0-9_]+)+)["\']', source))
    families = set(re.findall(r'f["\']([a-z_]+(?:\.[a-z_]+)*[._])\{', source))
    dead = sorted(
        k for k in messages if k not in literals and not any(k.startswith(f) for f in families)
    )
    assert dead == [], "catalog keys nobody uses (remove them, or use them)"
    # keys the code names in a message call (an error, `t`, a Message or Term of the one
    # message type) must exist, in both languages
    called = set(
        re.findall(
            r'(?:Error|msg|t|say_key|warn_key|Message|message|Term)\(\s*["\']'
            r'([a-z_]+(?:\.[A-Za-z0-9_]+)+)["\']',
            source,
        )
    )
    missing = sorted(k for k in called if k not in messages)
    assert missing == [], "message keys used in the code but missing from the catalog"
    for key, (zh, en) in messages.items():
        assert zh and en, f"{key} lacks a language"
