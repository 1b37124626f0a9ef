"""docs/seed-rules.toml — every procedural rule of the seeds and how yishi holds it — names
only finding codes and rules keys that exist, and docs/seed-coverage.md shows it as it is."""

from __future__ import annotations

import runpy
import tomllib
from pathlib import Path

import pytest

from yishi.check import CODES
from yishi.rules import RULES_SCHEMA
from yishi.schema import MapOf, Table

ROOT = Path(__file__).parent.parent
RULES = tomllib.loads((ROOT / "docs" / "seed-rules.toml").read_text(encoding="utf-8"))["rule"]
SEEDS = ("000", "001", "002", "003", "004")


def key_exists(key: str) -> bool:
    """`meeting_types.X.frequency` names a key of the rules schema (X: any table name)."""
    node = RULES_SCHEMA
    for part in key.split("."):
        if isinstance(node, MapOf):
            node = node.value  # the X
            continue
        if not isinstance(node, Table) or part not in node.fields:
            return False
        node = node.fields[part]
    return not isinstance(node, MapOf)


def test_every_entry_is_complete_and_names_real_codes_and_keys() -> None:
    assert len(RULES) >= 90
    for entry in RULES:
        assert entry["seed"].split()[0] in SEEDS, entry
        assert entry["rule"].strip() and entry["where"].strip(), entry
        assert entry["status"] in ("enforced", "expressible", "outside"), entry
        for code in entry["codes"]:
            assert code in CODES, (code, entry["rule"])
        for key in entry["keys"]:
            assert key_exists(key), (key, entry["rule"])
        if entry["status"] == "enforced":
            # a breach is caught by a finding code, or refused when typed
            assert entry["codes"] or entry["note"].startswith("refused:"), entry
        if entry["status"] == "outside":
            assert entry["note"].strip(), entry  # and says why


def test_the_quoted_words_are_the_seeds_words() -> None:
    """Each quotation (an ellipsis marks a cut) appears in the seed it cites."""
    texts: dict[str, str] = {}
    for where in (ROOT.parent / "shared" / "seeds", ROOT.parent.parent / "shared" / "seeds"):
        texts = texts or {p.name[:3]: p.read_text(encoding="utf-8") for p in where.glob("*.txt")}
    if not texts:
        pytest.skip("the seeds (../shared/seeds) are not beside this checkout")
    import re

    def plain(text: str) -> str:
        return re.sub(r"[\s，,。；;：:、（）()“”\"「」]", "", text)

    missing = []
    for entry in RULES:
        seed = plain(texts[entry["seed"][:3]])
        for piece in re.split(r"……|…", entry["rule"]):
            if plain(piece) and plain(piece) not in seed:
                missing.append((entry["seed"], entry["where"], piece))
    assert not missing, missing


def test_seed_coverage_page_is_generated_from_the_registry() -> None:
    script = runpy.run_path(str(ROOT / "scripts" / "seed_coverage.py"))
    assert script["main"](["--check"]) == 0, "run: python scripts/seed_coverage.py"
