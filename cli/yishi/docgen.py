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
from typing import Any


def _reported_by(doc: Any) -> str:
    if doc.stage == "seal":
        return "reported beside the engine, from `yishi verify`"
    return f"reported by `check/{doc.topic}.py`"


def finding_codes() -> str:
    """docs/checks.md: one section per finding code, from the finding registry
    (yishi/check/registry.py: check.CODES) and the catalog."""
    from yishi.check import CODES
    from yishi.i18n import t

    out: list[str] = []
    for doc in CODES.values():
        out += [
            f"### {doc.code}",
            "",
            f"*{doc.severity}* · rule `{doc.rule}` · seeds: {doc.seeds}",
            "",
            f"judged: {t(f'explain.stage.{doc.stage}', 'en')}; "
            f"{t(f'explain.scope.{doc.scope}', 'en')} · {_reported_by(doc)}",
            "",
            t(f"check.doc.{doc.code}", "en"),
            "",
            t(f"check.doc.{doc.code}", "zh"),
            "",
        ]
    return "\n".join(out).rstrip("\n")


def _toml(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)


def _type(node: Any) -> str:
    from yishi import schema

    if isinstance(node, schema.Str):
        if node.enum:
            return "one of " + ", ".join(f"`{v}`" for v in node.enum)
        return "slug" if node.pattern == schema.SLUG else "string"
    if isinstance(node, schema.Int):
        low, high = node.minimum, node.maximum
        bounds = f" {low}–{high}" if low is not None and high is not None else ""
        return "integer" + bounds
    if isinstance(node, schema.Amount):
        return "amount > 0"
    if isinstance(node, schema.Bool):
        return "boolean"
    if isinstance(node, schema.Threshold):
        return "threshold (`of`: " + ", ".join(node.bases) + ")"
    if isinstance(node, schema.List):
        if isinstance(node.item, schema.Str) and node.item.enum:
            return "list of " + ", ".join(f"`{v}`" for v in node.item.enum)
        inner = _type(node.item)
        return "list of " + ("tables" if inner == "table" else inner + "s")
    if isinstance(node, schema.MapOf):
        return "tables by id"
    return "table"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _seed_articles() -> dict[str, str]:
    """Key path (`meeting_types.ID.quorum`) -> the seed articles that docs/seed-rules.toml
    (the registry of the seeds' rules) says it holds: `000 区政府党组 二(一)、二(四); 001 第十条`.
    """
    import tomllib

    registry = Path(__file__).parents[2] / "docs" / "seed-rules.toml"
    if not registry.is_file():  # an installed wheel: no docs beside it
        return {}
    found: dict[str, dict[str, list[str]]] = {}
    for entry in tomllib.loads(registry.read_text(encoding="utf-8"))["rule"]:
        for name in entry["keys"]:
            path = ".".join("ID" if part == "X" else part for part in name.split("."))
            wheres = found.setdefault(path, {}).setdefault(entry["seed"], [])
            if entry["where"] not in wheres:
                wheres.append(entry["where"])
    return {
        path: "; ".join(f"{seed} {'、'.join(wheres)}" for seed, wheres in seeds.items())
        for path, seeds in found.items()
    }


def rules_keys() -> str:
    """docs/rules.md: one table per rules table, every key declared in yishi.rules once;
    the seed articles of each key come from docs/seed-rules.toml."""
    from yishi import rules
    from yishi.schema import List, MapOf, keys_of, node_of

    out: list[str] = []
    articles = _seed_articles()

    def table(title: str, path: str, cls: type, intro: str) -> None:
        out.extend([f"### {title}", ""])
        if intro:
            out.extend([intro, ""])
        out.extend(["| key | 中文 | type | default | meaning |", "| --- | --- | --- | --- | --- |"])
        nested: list[tuple[str, str, type, str]] = []
        fields = node_of(cls).fields
        for name, _attr, spec in keys_of(cls):
            kind = _type(fields[name]) + (", required" if spec.required else "")
            default = "" if spec.default in (None, "", {}) else f"`{_toml(spec.default)}`"
            extension = "*extension*: " if spec.extension else ""
            meaning = extension + spec.doc + (f" (seed: {spec.seed})" if spec.seed else "")
            where = f"{path}.{name}" if path else name
            seeds = f" · seeds: {articles[where]}" if where in articles else ""
            row = [f"`{name}`", spec.zh, kind, default, meaning + seeds]
            out.append("| " + " | ".join(_cell(c) for c in row) + " |")
            if spec.model is None:
                continue
            if isinstance(spec.node, MapOf):
                where += ".ID"
            heading = f"`[[{where}]]`" if isinstance(spec.node, List) else f"`[{where}]`"
            nested.append(
                (heading + (f" ({spec.zh})" if spec.zh else ""), where, spec.model, meaning)
            )
        out.append("")
        for heading, where, model, doc in nested:
            table(heading, where, model, doc)

    table("top level", "", rules.Rules, "")
    return "\n".join(out).rstrip("\n")


# doc file (relative to the repo) -> generated section name -> its generator
SECTIONS: dict[str, dict[str, Callable[[], str]]] = {
    "docs/checks.md": {"finding-codes": finding_codes},
    "docs/rules.md": {"rules-keys": rules_keys},
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
