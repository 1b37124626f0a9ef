"""`yishi rules check --format sarif`: the problems as a SARIF 2.1.0 log, for code-scanning
UIs (GitHub code scanning, VS Code SARIF viewer). Rule ids are the problem codes; each result
points at FILE, line and column, and names the key path as a logical location."""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import Any

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

# the codes of `yishi rules check` (docs/rules.md), with what each means
CODES = {
    "SYNTAX": "malformed TOML",
    "ENCODING": "not UTF-8, or a NUL byte",
    "EMPTY": "empty file",
    "TOO_LARGE": "file over 1 MiB",
    "UNREADABLE": "file cannot be read",
    "NOT_A_FILE": "not a regular file",
    "UNKNOWN_KEY": "key not in the schema",
    "MISSING_KEY": "required key absent",
    "TYPE": "wrong TOML type",
    "BAD_VALUE": "not an allowed value",
    "BAD_FRACTION": 'not a fraction "p/q" in (0, 1]',
    "BAD_THRESHOLD": "neither or both of at_least / more_than",
    "DUPLICATE_ID": "two members share an id",
    "DUPLICATE_NAME": "two members share a name",
    "DUPLICATE_RANK": "two members share a rank",
    "DUPLICATE": "a value twice, or a key defined in a file and in the file it extends",
    "UNKNOWN_REF": "names a member, role or kind that does not exist",
    "BAD_FORMAT": "number_format with an unknown placeholder or without {seq}",
    "CONFLICT": "contradictory keys",
    "EXTENDS": "extends names a missing file or forms a cycle",
}


def _uri(file: str) -> str:
    path = PurePath(file)
    if path.is_absolute():
        return Path(file).as_uri()
    from urllib.parse import quote

    # a URI reference (RFC 3986), percent-encoded like the absolute file: URIs above
    return quote(path.as_posix())


def sarif_log(problems: list[Any], lang: str, version: str) -> dict[str, Any]:
    """The log of one `rules check` run (one run, one tool)."""
    codes = sorted({p.code for p in problems} | set(CODES))
    index = {code: i for i, code in enumerate(codes)}
    rules = [
        {
            "id": code,
            "name": code.title().replace("_", ""),
            "shortDescription": {"text": CODES.get(code, code)},
            "helpUri": "https://yishi.invalid/docs/rules.md#yishi-rules-check",
            "defaultConfiguration": {"level": "error"},
        }
        for code in codes
    ]
    results = []
    for p in problems:
        location: dict[str, Any] = {
            "physicalLocation": {
                "artifactLocation": {"uri": _uri(p.file)},
                "region": {"startLine": max(1, p.line), "startColumn": max(1, p.col)},
            }
        }
        if getattr(p, "path", ""):
            location["logicalLocations"] = [{"fullyQualifiedName": p.path, "kind": "member"}]
        results.append(
            {
                "ruleId": p.code,
                "ruleIndex": index[p.code],
                "level": "error" if p.severity == "error" else "warning",
                "message": {"text": p.text(lang)},
                "locations": [location],
            }
        )
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "yishi",
                        "version": version,
                        "informationUri": "https://yishi.invalid/",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


__all__ = ["sarif_log", "CODES"]
