"""Regenerate the rule table of docs/seed-coverage.md from docs/seed-rules.toml.

    python scripts/seed_coverage.py          # rewrite the table in place
    python scripts/seed_coverage.py --check  # exit 1 when the page is out of date

The registry lists each procedural rule of the seeds once, with how yishi holds it:
`enforced` (a finding code of `yishi check`, or a refusal when typed, catches a breach),
`expressible` (a rules key or a command records it, with nothing to judge), or `outside`
(not expressible on main yet; the note says why). tests/test_seed_registry.py checks that every
code and key it names exists.
"""

from __future__ import annotations

import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "docs" / "seed-rules.toml"
PAGE = ROOT / "docs" / "seed-coverage.md"
BEGIN, END = "<!-- registry:begin -->", "<!-- registry:end -->"
STATUSES = ("enforced", "expressible", "outside")
WORDS = {"enforced": "enforced", "expressible": "expressible only", "outside": "not expressible"}


def rules() -> list[dict]:
    return tomllib.loads(REGISTRY.read_text(encoding="utf-8"))["rule"]


def table(entries: list[dict]) -> str:
    counts = Counter(e["status"] for e in entries)
    by_seed: dict[str, Counter] = {}
    for e in entries:
        by_seed.setdefault(e["seed"].split()[0], Counter())[e["status"]] += 1
    lines = [f"{len(entries)} rules: " + ", ".join(f"**{counts[s]} {WORDS[s]}**"
                                                   for s in STATUSES) + ".", "",
             "| seed | enforced | expressible only | not expressible |",
             "| --- | --- | --- | --- |"]
    for seed in sorted(by_seed):
        c = by_seed[seed]
        lines.append(f"| {seed} | {c['enforced']} | {c['expressible']} | {c['outside']} |")
    lines += ["", "| # | seed | article | rule (seed wording) | status | keys | codes / note |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
    for number, e in enumerate(entries, 1):
        keys = " ".join(f"`{k}`" for k in e.get("keys", []))
        how = " ".join(f"`{c}`" for c in e.get("codes", []))
        if e.get("note"):
            how = f"{how} — {e['note']}" if how else e["note"]
        rule = e["rule"].replace("|", "\\|")
        lines.append(f"| {number} | {e['seed']} | {e['where']} | 「{rule}」 | "
                     f"{WORDS[e['status']]} | {keys} | {how} |")
    return "\n".join(lines)


def page(current: str, entries: list[dict]) -> str:
    head, _, rest = current.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{table(entries)}\n{END}{tail}"


def main(argv: list[str]) -> int:
    current = PAGE.read_text(encoding="utf-8")
    wanted = page(current, rules())
    if "--check" in argv:
        return 0 if wanted == current else 1
    PAGE.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
