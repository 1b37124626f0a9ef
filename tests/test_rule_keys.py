"""One source per rules key (issue 9.2): each key is one field of the model in yishi.rules;
the schema, build(), the defaults and the key tables of docs/rules.md come from it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import FIXTURES, ROOT
from yishi import rules, schema
from yishi import toml_read as tomllib
from yishi.rules_diff import DEFAULTS
from yishi.schema import KEY, List, MapOf, Problem, keys_of, node_of

SAMPLES = sorted((ROOT / "sample_configs").glob("*.toml"))
RECORDS = sorted((FIXTURES / "records-0.1").glob("2*.toml"))
MODELS = (
    rules.Rules,
    rules.Body,
    rules.Fonts,
    rules.Member,
    rules.MeetingType,
    rules.Report,
    rules.ItemKind,
    rules.Voting,
    rules.FollowUp,
)


def declared(cls: type = rules.Rules, path: str = "") -> list[str]:
    """Every declared key as a dotted path (`meeting_types.ID.reports.name`), walked from
    Rules through the model tables."""
    out = []
    for name, _attr, spec in keys_of(cls):
        where = f"{path}.{name}" if path else name
        out.append(where)
        if spec.model is not None:
            out += declared(spec.model, where + (".ID" if isinstance(spec.node, MapOf) else ""))
    return out


def written(raw: Any, cls: type, path: str = "") -> list[tuple[str, Any]]:
    """(declared path, value) of every key a rules document writes, tables of keys walked
    into; a key that no declaration covers fails the test."""
    out = []
    specs = {name: spec for name, _attr, spec in keys_of(cls)}
    for name, value in raw.items():
        assert name in specs, f"{path}.{name} is not declared"
        spec = specs[name]
        where = f"{path}.{name}" if path else name
        if spec.model is None:
            out.append((where, value))
            continue
        if isinstance(spec.node, MapOf):
            for entry in value.values():
                out += written(entry, spec.model, where + ".ID")
        elif isinstance(spec.node, List):
            for entry in value:
                out += written(entry, spec.model, where)
        else:
            out += written(value, spec.model, where)
    return out


def _files() -> list[tuple[str, dict[str, Any]]]:
    out = [(p.name, rules.check_file(p)[0]) for p in [*SAMPLES, FIXTURES / "eight.toml"]]
    for record in RECORDS:  # the rules snapshots that 0.1 records keep
        out.append((record.name, tomllib.loads(record.read_text(encoding="utf-8"))["rules"]))
    return [(name, raw) for name, raw in out if raw is not None]


FILES = _files()


def test_the_files_are_there() -> None:
    assert len(SAMPLES) >= 9 and len(RECORDS) >= 3 and len(FILES) == len(SAMPLES) + 1 + 3


@pytest.mark.parametrize("name,raw", FILES, ids=[n for n, _ in FILES])
def test_every_key_of_the_samples_and_snapshots_round_trips(name: str, raw: dict) -> None:
    model = rules.build(raw)
    again = rules.dump(model)
    assert rules.build(again) == model  # dump is build's inverse
    problems: list[Problem] = []
    rules.RULES_SCHEMA.validate(again, (), problems)
    assert problems == [], "a dumped document is a valid rules document"
    paths = {path for path, _ in written(again, rules.Rules)}
    for path, value in written(raw, rules.Rules):
        # every key written is declared (written() asserts it) and means something: it is
        # in the dump, or it was written with its default value
        assert path in paths or _is_default(path, value), (name, path, value)
    assert len(paths) >= 20


def test_the_files_write_keys_of_every_kind() -> None:
    """Tables, lists of tables, thresholds, amounts, renamed keys: most declared keys are
    written by some sample or snapshot, so the round trip above covers them."""
    used = {path for _name, raw in FILES for path, _value in written(raw, rules.Rules)}
    assert {
        "meeting_types.ID.quorum",
        "meeting_types.ID.reports.before_days",
        "item_kinds.ID.pass",
        "item_kinds.ID.amount_at_least",
        "members.rank",
        "follow_up.office",
    } <= used
    leaves = [p for p in declared() if p in used or not _is_table(p)]
    assert len(used) >= 0.8 * len(leaves), sorted(set(leaves) - used)


def _is_table(path: str) -> bool:
    cls: type = rules.Rules
    *owner, last = [p for p in path.split(".") if p != "ID"]
    for part in owner:
        cls = next(s.model for n, _a, s in keys_of(cls) if n == part)
    return next(s.model for n, _a, s in keys_of(cls) if n == last) is not None


def _is_default(path: str, value: Any) -> bool:
    *owner, name = path.split(".")
    table = owner[0] if owner else ""
    return table in DEFAULTS and DEFAULTS[table].get(name) == value


def test_a_key_not_written_has_its_declared_default() -> None:
    minimal = {
        "body": {"id": "b", "name": "某局党组", "short": "某局"},
        "members": [{"id": "a", "name": "甲", "rank": 1}],
        "meeting_types": {"m": {"name": "党组会议", "chair": "a"}},
        "item_kinds": {"k": {"name": "一般事项", "pass": {"more_than": "1/2"}}},
    }
    model = rules.build(minimal)
    assert model.voting == rules.Voting() and model.follow_up.due_soon_days == 7
    assert model.meeting_types["m"].number_format == rules.DEFAULT_NUMBER_FORMAT
    assert model.meeting_types["m"].signer == "chair" and model.meeting_types["m"].quorum is None
    assert model.item_kinds["k"].opinions == rules.OPINIONS
    assert model.item_kinds["k"].pass_ == rules.Threshold("more_than", Fraction(1, 2))
    assert rules.dump(model) == {
        **minimal,
        "item_kinds": {"k": {"name": "一般事项", "pass": {"more_than": "1/2", "of": "members"}}},
    }
    # the TOML defaults rules diff fills in are the model's, converted once
    for cls in MODELS:
        for name, attr, spec in keys_of(cls):
            if spec.default is not None and spec.model is None:
                field = next(f for f in cls.__dataclass_fields__.values() if f.name == attr)
                expected = tuple(spec.default) if isinstance(spec.default, list) else spec.default
                assert field.default == expected, (cls.__name__, name)


def test_follow_up_settings_come_from_the_model() -> None:
    from yishi import tasks

    assert tasks.DEFAULT_SOON == rules.FollowUp().due_soon_days
    assert rules.FollowUp().office == "办公室"  # what the 督办通知单 prints without a key


def test_the_schema_is_the_declarations() -> None:
    for cls in MODELS:
        node = node_of(cls)
        assert list(node.fields) == [name for name, _a, _s in keys_of(cls)]
        assert node.required == tuple(n for n, _a, s in keys_of(cls) if s.required)
        for name, _attr, spec in keys_of(cls):
            assert spec.doc.strip(), f"{cls.__name__}.{name} has no docs line"
            assert node.fields[name].description == spec.doc  # JSON Schema description
    assert rules.RULES_SCHEMA is node_of(rules.Rules)
    # dataclass fields that are not keys: the ids of map entries and the raw document
    for cls in MODELS:
        plain = [f.name for f in cls.__dataclass_fields__.values() if KEY not in f.metadata]
        assert plain in ([], ["id"], ["raw"]), cls


def _documented() -> list[str]:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    section = text.split("<!-- generated: rules-keys (make docs) -->")[1]
    section = section.split("<!-- end generated: rules-keys -->")[0]
    out, table = [], ""
    for line in section.splitlines():
        heading = re.match(r"### `\[{1,2}([^\]]+)\]{1,2}`", line)
        if line.startswith("### top level"):
            table = ""
        elif heading:
            table = heading.group(1)
        row = re.match(r"\| `([a-z_]+)` \|", line)
        if row:
            out.append(f"{table}.{row.group(1)}" if table else row.group(1))
    return out


def test_the_docs_table_lists_every_declared_key_exactly_once() -> None:
    documented = _documented()
    assert sorted(documented) == sorted(declared())
    assert len(documented) == len(set(documented)), "a key documented twice"
    assert len(documented) > 80


def test_the_chinese_labels_are_the_declarations() -> None:
    from yishi.rules_prose import KEY_LABELS

    assert KEY_LABELS["pass"] == "通过票数" and KEY_LABELS["office"] == "印发机关"
    assert KEY_LABELS == rules.labels()


# --------------------------------------------------------------- the machinery on its own


@dataclass(frozen=True)
class _Part:
    label: str = schema.key(schema.Str(), "a label", required=True)
    size: int = schema.key(schema.Int(minimum=1), "a size", default=3)


@dataclass(frozen=True)
class _Toy:
    name: str = schema.key(schema.Str(), "its name", required=True)
    tags: tuple[str, ...] = schema.key(List(schema.Str()), "tags", default=["a"])
    limit: Fraction | None = schema.key(schema.Amount(), "an amount")
    parts: tuple[_Part, ...] = schema.key(
        List(schema.Str(), unique=False), "parts", model=_Part, default=[], sort_by="size"
    )
    by_id: dict[str, Any] = schema.key(MapOf(schema.Str()), "by id", model=_Part, default={})
    old: bool = schema.key(schema.Bool(), "a renamed key", name="new", default=False)


def test_one_field_is_validated_built_dumped_and_defaulted() -> None:
    problems: list[Problem] = []
    node_of(_Toy).validate(
        {"name": "x", "tags": "t", "parts": [{"size": 0}], "nwe": 1}, (), problems
    )
    assert [(p.path, p.code) for p in problems] == [
        (("tags",), "TYPE"),
        (("parts", 0, "size"), "BAD_VALUE"),
        (("parts", 0), "MISSING_KEY"),
        (("nwe",), "UNKNOWN_KEY"),
    ]
    assert problems[-1].params["hint"] == "new"
    toy = schema.build(
        _Toy,
        {
            "name": "x",
            "limit": 500.5,
            "parts": [{"label": "b", "size": 9}, {"label": "a"}],
            "by_id": {"p": {"label": "c"}},
            "new": True,
        },
    )
    assert toy.tags == ("a",) and toy.limit == Fraction(1001, 2) and toy.old is True
    assert [p.label for p in toy.parts] == ["a", "b"]  # kept in size order
    assert toy.by_id == {"p": _Part("c")}
    assert schema.dump(toy) == {
        "name": "x",
        "limit": 500.5,
        "parts": [{"label": "a"}, {"label": "b", "size": 9}],
        "by_id": {"p": {"label": "c"}},
        "new": True,
    }
    assert schema.defaults_of(_Toy) == {"tags": ["a"], "parts": [], "new": False}
    assert schema.defaults_of(_Part) == {"size": 3}


def test_a_dataclass_default_is_never_shared_mutable() -> None:
    toy = schema.build(_Toy, {"name": "x"})
    assert isinstance(toy.tags, tuple) and toy.by_id == {}
    assert schema.defaults_of(_Toy)["tags"] is not schema.defaults_of(_Toy)["tags"]


def test_docs_are_stale_when_a_declaration_changes() -> None:
    from yishi import docgen

    assert docgen.stale(ROOT) == []
    spec = rules.Voting.__dataclass_fields__["chair_last"].metadata[KEY]
    doc = spec.doc
    spec.doc = doc + " (changed)"  # declarations are never changed: this test only
    try:
        assert docgen.stale(Path(ROOT)) == ["docs/rules.md"]
    finally:
        spec.doc = doc
    assert docgen.stale(ROOT) == []
