"""Reference docs generated from the code, so code and docs cannot drift.

`make docs` (python -m yishi.docgen) rewrites the generated sections of docs/*.md, each
between `<!-- generated: NAME -->` and `<!-- end generated: NAME -->` markers; the text
around them stays hand-written. tests/test_docs.py fails when a committed doc differs.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path


def finding_codes() -> str:
    """docs/checks.md: one section per finding code, from check.CODES and the catalog."""
    from yishi.check import CODES
    from yishi.i18n import t

    out: list[str] = []
    for doc in CODES.values():
        out += [
            f"### {doc.code}",
            "",
            f"*{doc.severity}* · rule `{doc.rule}` · seeds: {doc.seeds}",
            "",
            t(f"check.doc.{doc.code}", "en"),
            "",
            t(f"check.doc.{doc.code}", "zh"),
            "",
        ]
    return "\n".join(out).rstrip("\n")


# doc file (relative to the repo) -> generated section name -> its generator
SECTIONS: dict[str, dict[str, Callable[[], str]]] = {
    "docs/checks.md": {"finding-codes": finding_codes},
}


def _marker(name: str) -> tuple[str, str]:
    return f"<!-- generated: {name} (make docs) -->", f"<!-- end generated: {name} -->"


def regenerate(text: str, sections: dict[str, Callable[[], str]], where: str) -> str:
    for name, make in sections.items():
        begin, end = _marker(name)
        pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
        if not pattern.search(text):
            raise SystemExit(f"{where}: no {begin} ... {end} markers")
        section = f"{begin}\n{make()}\n{end}"
        match = pattern.search(text)
        assert match is not None  # checked above
        text = text[: match.start()] + section + text[match.end() :]
    return text


def stale(root: Path) -> list[str]:
    """The doc files whose generated sections differ from what the code says."""
    return [
        rel
        for rel, sections in SECTIONS.items()
        if (root / rel).read_text(encoding="utf-8")
        != regenerate((root / rel).read_text(encoding="utf-8"), sections, rel)
    ]


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path.cwd()
    for rel, sections in SECTIONS.items():
        path = root / rel
        text = path.read_text(encoding="utf-8")
        new = regenerate(text, sections, rel)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"updated {rel}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
