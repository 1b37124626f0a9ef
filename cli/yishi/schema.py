"""A small declarative schema for rule files.

One description serves three jobs: validating a parsed TOML document (every problem, with
its key path), producing the JSON Schema printed by `yishi rules schema`, and documenting
the keys. Validation returns problems as data; nothing here knows about files or lines.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from yishi.message import Keyed

Path = tuple[str | int, ...]

SLUG = r"^[a-z0-9][a-z0-9_-]*$"
FRACTION = r"^\s*[0-9]+\s*/\s*[0-9]+\s*$"


@dataclass
class Problem(Keyed):
    """A problem found by validation, at a key path."""

    path: Path
    code: str
    key: str  # message key in the catalog
    params: dict[str, Any] = field(default_factory=dict)
    severity: str = "error"
    at_value: bool = True  # point at the value rather than the key


class Node:
    description: str = ""

    def validate(self, value: Any, path: Path, out: list[Problem]) -> None:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError


def _type_name(value: Any) -> str:
    names = {
        bool: "boolean",
        int: "integer",
        float: "float",
        str: "string",
        list: "array",
        dict: "table",
    }
    return names.get(type(value), type(value).__name__)


_ARTICLES = {"integer": "an integer", "array": "an array"}
_ZH_TYPES = {
    "string": "字符串",
    "integer": "整数",
    "number": "数值",
    "boolean": "布尔值",
    "array": "数组",
    "table": "表",
    'string "p/q"': '字符串 "p/q"',
}


def _shown(value: Any) -> str:
    """The value that was given, short: "two", 3, true, an array, a table."""
    import json

    if isinstance(value, str):
        text = json.dumps(value[:40] + ("…" if len(value) > 40 else ""), ensure_ascii=False)
        return text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)[:40]
    return {"array": "an array", "table": "a table"}.get(_type_name(value), _type_name(value))


def _wrong_type(value: Any, expected: str, path: Path, out: list[Problem]) -> None:
    out.append(
        Problem(
            path,
            "TYPE",
            "rules.type",
            {
                "expected": _ARTICLES.get(expected, "a " + expected),
                "expected_zh": _ZH_TYPES.get(expected, expected),
                "type": expected,
                "got": _shown(value),
                "got_type": _type_name(value),
            },
        )
    )


def dotted(path: Path) -> str:
    """A key path as one writes it: meeting_types.party_group.notice_days, members[2].rank."""
    import json

    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        text = (
            part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else json.dumps(part, ensure_ascii=False)
        )
        out += ("." if out else "") + text
    return out


@dataclass
class Str(Node):
    """A string: an enum, a pattern, a maximum length; never empty."""

    description: str = ""
    pattern: str | None = None
    enum: tuple[str, ...] | None = None
    max_length: int = 500

    def validate(self, value: Any, path: Path, out: list[Problem]) -> None:
        if not isinstance(value, str):
            _wrong_type(value, "string", path, out)
        elif self.enum is not None and value not in self.enum:
            hint = difflib.get_close_matches(value, self.enum, n=1)
            out.append(
                Problem(
                    path,
                    "BAD_VALUE",
                    "rules.enum",
                    {
                        "value": value,
                        "allowed": ", ".join(self.enum),
                        "hint": hint[0] if hint else "",
                    },
                )
            )
        elif not value.strip():
            out.append(Problem(path, "BAD_VALUE", "rules.empty_string", {}))
        elif len(value) > self.max_length:
            out.append(Problem(path, "BAD_VALUE", "rules.too_long", {"max": self.max_length}))
        elif self.pattern and not re.match(self.pattern, value):
            out.append(
                Problem(
                    path, "BAD_VALUE", "rules.pattern", {"value": value, "pattern": self.pattern}
                )
            )

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": self.max_length}
        if self.enum:
            schema["enum"] = list(self.enum)
        if self.pattern:
            schema["pattern"] = self.pattern
        return _describe(schema, self.description)


@dataclass
class Int(Node):
    """An integer in a range."""

    description: str = ""
    minimum: int | None = None
    maximum: int | None = None

    def validate(self, value: Any, path: Path, out: list[Problem]) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            _wrong_type(value, "integer", path, out)
        elif (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            out.append(
                Problem(
                    path,
                    "BAD_VALUE",
                    "rules.range",
                    {"value": value, "min": self.minimum, "max": self.maximum},
                )
            )

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return _describe(schema, self.description)


@dataclass
class Amount(Node):
    """A non-negative amount of money: integer or decimal."""

    description: str = ""

    def validate(self, value: Any, path: Path, out: list[Problem]) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            _wrong_type(value, "number", path, out)
        elif value != value or value in (float("inf"), float("-inf")) or value <= 0:
            out.append(Problem(path, "BAD_VALUE", "rules.amount", {"value": value}))

    def json_schema(self) -> dict[str, Any]:
        return _describe({"type": "number", "exclusiveMinimum": 0}, self.description)


@dataclass
class Bool(Node):
    """A boolean."""

    description: str = ""

    def validate(self, value: Any, path: Path, out: list[Problem]) -> None:
        if not isinstance(value, bool):
            _wrong_type(value, "boolean", path, out)

    def json_schema(self) -> dict[str, Any]:
        return _describe({"type": "boolean"}, self.description)


@dataclass
class List(Node):
    """An array of one kind of item."""

    item: Node
    description: str = ""
    unique: bool = True
    min_items: int = 0

    def validate(self, value: Any, path: Path, out: list[Problem]) -> None:
        if not isinstance(value, list):
            _wrong_type(value, "array", path, out)
            return
        if len(value) < self.min_items:
            out.append(Problem(path, "BAD_VALUE", "rules.min_items", {"min": self.min_items}))
        seen: list[Any] = []
        for index, element in enumerate(value):
            self.item.validate(element, path + (index,), out)
            if self.unique and isinstance(element, str):
                if element in seen:
                    out.append(
                        Problem(
                            path + (index,),
                            "DUPLICATE",
                            "rules.duplicate_entry",
                            {"value": element},
                        )
                    )
                seen.append(element)

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.unique:
            schema["uniqueItems"] = True
        if self.min_items:
            schema["minItems"] = self.min_items
        return _describe(schema, self.description)


@dataclass
class Threshold(Node):
    """`{ at_least = "p/q" }` or `{ more_than = "p/q" }`, with an optional base `of`."""

    bases: tuple[str, ...]
    default_base: str = "members"
    description: str = ""

    def validate(self, value: Any, path: Path, out: list[Problem]) -> None:
        if not isinstance(value, dict):
            _wrong_type(value, "table", path, out)
            return
        allowed = ("at_least", "more_than", "of")
        for key in value:
            if key not in allowed:
                out.append(unknown_key(path + (key,), key, allowed))
        given = [k for k in ("at_least", "more_than") if k in value]
        if len(given) != 1:
            out.append(Problem(path, "BAD_THRESHOLD", "rules.threshold_one", {}, at_value=False))
        for key in given:
            check_fraction(value[key], path + (key,), out)
        if "of" in value:
            Str(enum=self.bases).validate(value["of"], path + ("of",), out)

    def json_schema(self) -> dict[str, Any]:
        frac = {"type": "string", "pattern": FRACTION, "description": "p/q with 0 < p <= q"}
        base = {"type": "string", "enum": list(self.bases), "default": self.default_base}
        return _describe(
            {
                "type": "object",
                "additionalProperties": False,
                "properties": {"at_least": frac, "more_than": frac, "of": base},
                "oneOf": [{"required": ["at_least"]}, {"required": ["more_than"]}],
            },
            self.description,
        )


def parse_fraction(text: str) -> Fraction | None:
    """`"p/q"` with 0 < p <= q, q > 0, as a Fraction; None when it is not one."""
    if not isinstance(text, str) or not re.match(FRACTION, text):
        return None
    p_text, q_text = text.split("/")
    if len(p_text.strip()) > 100 or len(q_text.strip()) > 100:
        return None  # int() refuses > 4300 digits; no body has a googol members
    p, q = int(p_text), int(q_text)
    if q == 0 or p <= 0 or p > q:
        return None
    return Fraction(p, q)


def check_fraction(value: Any, path: Path, out: list[Problem]) -> None:
    if not isinstance(value, str):
        _wrong_type(value, 'string "p/q"', path, out)
        return
    if not re.match(FRACTION, value):
        out.append(Problem(path, "BAD_FRACTION", "rules.fraction_syntax", {"value": value}))
        return
    p_text, q_text = value.split("/")
    if len(q_text.strip()) <= 100 and int(q_text) == 0:
        out.append(Problem(path, "BAD_FRACTION", "rules.fraction_zero", {"value": value}))
    elif parse_fraction(value) is None:
        out.append(Problem(path, "BAD_FRACTION", "rules.fraction_range", {"value": value}))


def unknown_key(path: Path, key: str, allowed: Any) -> Problem:
    hint = difflib.get_close_matches(str(key), [str(a) for a in allowed], n=1, cutoff=0.6)
    return Problem(
        path,
        "UNKNOWN_KEY",
        "rules.unknown_key",
        {"key": key, "hint": hint[0] if hint else ""},
        at_value=False,
    )


@dataclass
class Table(Node):
    """A table of known keys."""

    fields: dict[str, Node]
    required: tuple[str, ...] = ()
    description: str = ""
    defaults: dict[str, Any] = field(default_factory=dict)  # shown in the JSON Schema

    def validate(self, value: Any, path: Path, out: list[Problem]) -> None:
        if not isinstance(value, dict):
            _wrong_type(value, "table", path, out)
            return
        for key, element in value.items():
            node = self.fields.get(key)
            if node is None:
                out.append(unknown_key(path + (key,), key, self.fields))
            else:
                node.validate(element, path + (key,), out)
        for key in self.required:
            if key not in value:
                out.append(
                    Problem(path, "MISSING_KEY", "rules.missing_key", {"key": key}, at_value=False)
                )

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {k: v.json_schema() for k, v in self.fields.items()},
        }
        for name, value in self.defaults.items():
            schema["properties"][name]["default"] = value
        if self.required:
            schema["required"] = list(self.required)
        return _describe(schema, self.description)


@dataclass
class MapOf(Node):
    """A table whose keys are ids (slugs) and whose values all share one shape."""

    value: Node
    description: str = ""
    min_items: int = 0

    def validate(self, value: Any, path: Path, out: list[Problem]) -> None:
        if not isinstance(value, dict):
            _wrong_type(value, "table", path, out)
            return
        if len(value) < self.min_items:
            out.append(
                Problem(
                    path,
                    "MISSING_KEY",
                    "rules.min_entries",
                    {"min": self.min_items},
                    at_value=False,
                )
            )
        for key, element in value.items():
            if not re.match(SLUG, key):
                out.append(
                    Problem(
                        path + (key,), "BAD_VALUE", "rules.bad_id", {"value": key}, at_value=False
                    )
                )
            self.value.validate(element, path + (key,), out)

    def json_schema(self) -> dict[str, Any]:
        return _describe(
            {
                "type": "object",
                "propertyNames": {"pattern": SLUG},
                "additionalProperties": self.value.json_schema(),
            },
            self.description,
        )


def _describe(schema: dict[str, Any], description: str) -> dict[str, Any]:
    if description:
        schema["description"] = description
    return schema


# ---------------------------------------------------------------------------- rules keys
#
# One declaration per rules key: the dataclass field of the model carries, in its metadata,
# the schema node (type and constraints), the TOML default, the docs line, the Chinese label
# and the seed it comes from. The validator (`node_of`), the model (`build`), the defaults
# (`defaults_of`) and the docs table (yishi.docgen) are all read off the dataclasses.

KEY = "yishi.key"


class Key:
    """The declaration of one rules key, made by `key` and never changed after. A plain
    class, not a dataclass: generating a dataclass's methods costs import time."""

    __slots__ = (
        "node",
        "doc",
        "default",
        "required",
        "extension",
        "seed",
        "zh",
        "name",
        "model",
        "sort_by",
        "convert",
        "unconvert",
        "diff_as_added",
    )

    def __init__(
        self,
        node: Node | None,  # None: the table of `model`
        doc: str,  # the docs line (markdown), also the JSON Schema description
        *,
        default: Any = None,  # the TOML value a missing key means; None: no value
        required: bool = False,
        extension: bool = False,  # added beyond SPEC §1 because a seed needs it
        seed: str = "",  # the seed article it comes from
        zh: str = "",  # the Chinese label (rules diff / show)
        name: str = "",  # the TOML name, when the field's differs (`pass_` is `pass`)
        model: type | None = None,  # the dataclass of a table, list or map of tables
        sort_by: str = "",  # a list of tables is kept in this attribute's order
        convert: Any = None,  # TOML value -> model value, when not derived from the node
        unconvert: Any = None,  # model value -> TOML value (its inverse)
        diff_as_added: bool = False,  # rules diff: writing it out is 新增, not a change
    ) -> None:
        self.node = node
        self.doc = doc
        self.default = default
        self.required = required
        self.extension = extension
        self.seed = seed
        self.zh = zh
        self.name = name
        self.model = model
        self.sort_by = sort_by
        self.convert = convert
        self.unconvert = unconvert
        self.diff_as_added = diff_as_added

    def __repr__(self) -> str:
        return f"Key({self.name or '?'}: {self.doc[:40]!r})"


def key(node: Node | None, doc: str, **options: Any) -> Any:
    """A dataclass field that is a rules key: its schema node (type and constraints) and
    docs line, with the options of `Key` (default, required, zh, seed, model ...)."""
    spec = Key(node, doc, **options)
    required, default = spec.required, spec.default
    if required:
        return field(metadata={KEY: spec})
    value = None if default is None else _to_model(spec, default)
    if isinstance(value, dict | list):  # a map of tables: a fresh one for each model
        return field(default_factory=lambda: _to_model(spec, default), metadata={KEY: spec})
    return field(default=value, metadata={KEY: spec})


_KEYS: dict[type, list[tuple[str, str, Key]]] = {}


def keys_of(cls: type) -> list[tuple[str, str, Key]]:
    """(TOML name, attribute, declaration) of each rules key of a model dataclass."""
    found = _KEYS.get(cls)
    if found is None:
        fields = getattr(cls, "__dataclass_fields__", {}).values()
        found = [
            (f.metadata[KEY].name or f.name, f.name, f.metadata[KEY])
            for f in fields
            if KEY in f.metadata
        ]
        _KEYS[cls] = found
    return found


_NODES: dict[type, Table] = {}


def node_of(cls: type, description: str = "") -> Table:
    """The schema table of a model dataclass, from its fields' declarations."""
    if cls not in _NODES:
        fields = {name: _node(spec) for name, _attr, spec in keys_of(cls)}
        required = tuple(name for name, _attr, spec in keys_of(cls) if spec.required)
        _NODES[cls] = Table(fields, required, description, defaults_of(cls))
    return _NODES[cls]


def _node(spec: Key) -> Node:
    node = spec.node
    if node is None:
        assert spec.model is not None, "a key without a node names its model"
        node = node_of(spec.model, spec.doc)
    elif isinstance(node, List | MapOf) and spec.model is not None:
        inner = node_of(spec.model)
        node = (
            List(inner, spec.doc, node.unique, node.min_items)
            if isinstance(node, List)
            else MapOf(inner, spec.doc, node.min_items)
        )
    elif not node.description:
        node = _with_description(node, spec.doc)
    return node


def _with_description(node: Node, doc: str) -> Node:
    import copy

    node = copy.copy(node)  # nodes may be shared by several keys
    node.description = doc
    return node


def _to_model(spec: Key, value: Any) -> Any:
    if spec.convert is not None:
        return spec.convert(value)
    model = spec.model
    if model is not None:
        if isinstance(spec.node, List):
            items = [build(model, v) for v in value]
            if spec.sort_by:
                items.sort(key=lambda item: getattr(item, spec.sort_by))
            return tuple(items)
        if isinstance(spec.node, MapOf):
            fields = getattr(model, "__dataclass_fields__", {})
            ids = "id" in fields and KEY not in fields["id"].metadata  # the entry's id
            return {k: build(model, v, **({"id": k} if ids else {})) for k, v in value.items()}
        return build(model, value)
    if isinstance(spec.node, List):
        return tuple(value)
    if isinstance(spec.node, Amount):
        return Fraction(str(value))
    return value


def build(cls: type, table: dict[str, Any], **extra: Any) -> Any:
    """The model of a validated table: each key's value converted, or its default."""
    values = dict(extra)
    for name, attr, spec in keys_of(cls):
        if name in table:
            values[attr] = _to_model(spec, table[name])
    return cls(**values)


def _to_toml(spec: Key, value: Any) -> Any:
    if spec.unconvert is not None:
        return spec.unconvert(value)
    if spec.model is not None:
        if isinstance(spec.node, List):
            return [dump(v) for v in value]
        if isinstance(spec.node, MapOf):
            return {k: dump(v) for k, v in value.items()}
        return dump(value)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    return value


def dump(obj: Any) -> dict[str, Any]:
    """The TOML table of a model, keys at their default left out (build's inverse)."""
    import dataclasses

    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        spec = f.metadata.get(KEY)
        if spec is None:
            continue
        value = getattr(obj, f.name)
        if value is None or (not spec.required and value == f.default):
            continue
        text = _to_toml(spec, value)
        if text != {}:
            out[spec.name or f.name] = text
    return out


def defaults_of(cls: type) -> dict[str, Any]:
    """What a missing key of this table means, as TOML values, for `rules diff`: keys without
    a default, tables, "" (never a valid value) and `diff_as_added` keys left out."""
    import copy

    return {
        name: copy.deepcopy(spec.default)
        for name, _attr, spec in keys_of(cls)
        if spec.default not in (None, "")
        and not isinstance(spec.default, dict)
        and not spec.diff_as_added
    }
