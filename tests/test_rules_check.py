"""`yishi rules check`: every problem class has a file that triggers it, located."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import EIGHT
from yishi.rules import check_file, load

VALID = EIGHT.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str | bytes, name: str = "rules.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def codes(path: Path) -> list[tuple[str, int]]:
    return [(p.code, p.line) for p in check_file(path)[1]]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# (name, how to break the valid file, expected code, line of this text)
CASES = [
    (
        "syntax",
        lambda t: t.replace('short = "测试局党组"', 'short = "测试局党组'),
        "SYNTAX",
        'short = "测试局党组',
    ),
    ("wrong type", lambda t: t.replace("rank = 3", 'rank = "3"'), "TYPE", 'rank = "3"'),
    (
        "unknown key",
        lambda t: t.replace("notice_days = 2", "notice_dayz = 2"),
        "UNKNOWN_KEY",
        "notice_dayz",
    ),
    (
        "zero denominator",
        lambda t: t.replace(
            'quorum = { at_least = "2/3" }\nvote = true\nper',
            'quorum = { at_least = "2/0" }\nvote = true\nper',
        ),
        "BAD_FRACTION",
        '"2/0"',
    ),
    (
        "fraction above one",
        lambda t: t.replace(
            '{ more_than = "1/2" }\n\n[item_kinds', '{ more_than = "3/2" }\n\n[item_kinds'
        ),
        "BAD_FRACTION",
        '"3/2"',
    ),
    (
        "fraction syntax",
        lambda t: t.replace('{ at_least = "1/2" }', '{ at_least = "half" }'),
        "BAD_FRACTION",
        '"half"',
    ),
    (
        "both at_least and more_than",
        lambda t: t.replace('{ at_least = "1/2" }', '{ at_least = "1/2", more_than = "1/2" }'),
        "BAD_THRESHOLD",
        'more_than = "1/2" }',
    ),
    (
        "unknown base",
        lambda t: t.replace(
            'pass = { more_than = "1/2", of = "members" }\n\n[item_kinds.personnel]',
            'pass = { more_than = "1/2", of = "everybody" }\n\n[item_kinds.personnel]',
        ),
        "BAD_VALUE",
        '"everybody"',
    ),
    (
        "duplicate id",
        lambda t: t.replace('id = "huang"', 'id = "yang"'),
        "DUPLICATE_ID",
        'id = "yang"\nname = "黄海"',
    ),
    (
        "duplicate name",
        lambda t: t.replace('name = "黄海"', 'name = "杨帆"'),
        "DUPLICATE_NAME",
        'name = "杨帆"\nrank = 8',
    ),
    (
        "duplicate rank",
        lambda t: t.replace("rank = 8", "rank = 7"),
        "DUPLICATE_RANK",
        'rank = 7\nroles = ["member"]\n\n[meeting_types',
    ),
    (
        "chair role undefined",
        lambda t: t.replace(
            'chair = "secretary"\nquorum = { at_least', 'chair = "secretry"\nquorum = { at_least'
        ),
        "UNKNOWN_REF",
        '"secretry"',
    ),
    (
        "signer undefined",
        lambda t: t.replace('signer = "secretary"', 'signer = "boss"'),
        "UNKNOWN_REF",
        '"boss"',
    ),
    (
        "first_item undefined",
        lambda t: t.replace('first_item = "study"', 'first_item = "studdy"'),
        "UNKNOWN_REF",
        '"studdy"',
    ),
    (
        "bad placeholder",
        lambda t: t.replace("{short}纪〔{year}〕{seq}号", "{short}纪〔{yr}〕{seq}号"),
        "BAD_FORMAT",
        "{yr}",
    ),
    (
        "no seq",
        lambda t: t.replace("{short}纪〔{year}〕{seq}号", "{short}纪〔{year}〕号"),
        "BAD_FORMAT",
        "纪〔{year}〕号",
    ),
    (
        "missing key",
        lambda t: t.replace('name = "一般事项"\n', ""),
        "MISSING_KEY",
        "[item_kinds.general]",
    ),
    (
        "voted kind without pass",
        lambda t: t.replace(
            'vote = true\npass = { more_than = "1/2", of = "members" }\n\n[item_kinds.personnel]',
            "vote = true\n\n[item_kinds.personnel]",
        ),
        "MISSING_KEY",
        "[item_kinds.general]",
    ),
    (
        "bad id",
        lambda t: t.replace('id = "test-bureau"', 'id = "Test Bureau"'),
        "BAD_VALUE",
        '"Test Bureau"',
    ),
    ("bad enum", lambda t: t.replace('per = "month"', 'per = "monthly"'), "BAD_VALUE", '"monthly"'),
]


@pytest.mark.parametrize("name,mutate,code,needle", CASES, ids=[c[0] for c in CASES])
def test_each_problem_class_is_found_at_its_line(tmp_path, name, mutate, code, needle):
    text = mutate(VALID)
    assert text != VALID, "the mutation must change the file"
    found = codes(write(tmp_path, text))
    assert (code, line_of(text, needle)) in found, found


def test_valid_file_has_no_problems():
    assert check_file(EIGHT)[1] == []


@pytest.mark.parametrize(
    "content,code",
    [
        (b"", "EMPTY"),
        (b"   \n\n", "EMPTY"),
        ('[body]\nname = "测试"\n'.encode("gbk"), "ENCODING"),
        (b"a = 1\x00", "ENCODING"),
        (b"x" * (1024 * 1024 + 1), "TOO_LARGE"),
    ],
)
def test_file_level_problems(tmp_path, content, code):
    assert [c for c, _ in codes(write(tmp_path, content))] == [code]


def test_unknown_key_suggests_the_right_one(tmp_path):
    path = write(tmp_path, VALID.replace("notice_days = 2", "notice_dayz = 2"))
    [problem] = check_file(path)[1]
    assert "did you mean 'notice_days'" in problem.message("en")
    assert "notice_days" in problem.message("zh")


def test_every_problem_reported_at_once(tmp_path):
    text = (
        VALID.replace("rank = 3", 'rank = "3"')
        .replace("notice_days = 2", "notice_dayz = 2")
        .replace('signer = "secretary"', 'signer = "boss"')
    )
    found = {c for c, _ in codes(write(tmp_path, text))}
    assert {"TYPE", "UNKNOWN_KEY", "UNKNOWN_REF"} <= found


def test_extends_merges_meeting_types(tmp_path):
    write(tmp_path, VALID, "base.toml")
    child = write(
        tmp_path,
        'extends = "base.toml"\n\n[meeting_types.office]\nname = "局长办公会议"\n'
        'chair = "secretary"\nquorum = { more_than = "1/2" }\n',
        "office.toml",
    )
    rules = load(child)
    assert {"party_group", "special", "office"} <= set(rules.meeting_types)
    assert len(rules.members) == 8


def test_extends_problems_are_located_in_the_right_file(tmp_path):
    write(tmp_path, VALID, "base.toml")
    child = write(
        tmp_path,
        'extends = "base.toml"\n\n[meeting_types.office]\nname = "局长办公会议"\n'
        'chair = "nobody"\nquorum = { more_than = "1/2" }\n',
        "office.toml",
    )
    [problem] = check_file(child)[1]
    assert (Path(problem.file).name, problem.line, problem.code) == (
        "office.toml",
        5,
        "UNKNOWN_REF",
    )
    missing = write(tmp_path, 'extends = "nope.toml"\n', "bad.toml")
    assert "EXTENDS" in [p.code for p in check_file(missing)[1]]
    loop = write(tmp_path, 'extends = "loop.toml"\n', "loop.toml")
    assert "EXTENDS" in [p.code for p in check_file(loop)[1]]


# ----------------------------------------------------------------------------- CLI


def test_cli_text_format_and_exit_codes(cli, tmp_path):
    bad = write(tmp_path, VALID.replace("rank = 3", 'rank = "3"'))
    result = cli("rules", "check", str(bad))
    assert result.exit_code == 1
    line = line_of(VALID, "rank = 3")
    assert f'{bad}:{line}:8: TYPE members[2].rank: expected an integer, got "3"' in result.stdout
    assert cli("rules", "check", str(EIGHT)).exit_code == 0
    missing = cli("rules", "check", str(tmp_path / "missing.toml"))
    assert missing.exit_code == 2


def test_cli_json_and_github_formats(cli, tmp_path):
    bad = write(tmp_path, VALID.replace("notice_days = 2", "notice_dayz = 2"))
    result = cli("rules", "check", str(bad), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["problems"][0]["code"] == "UNKNOWN_KEY"
    assert data["problems"][0]["line"] == line_of(VALID, "notice_days")
    gh = cli("rules", "check", str(bad), "--format", "github")
    assert gh.stdout.startswith(
        f"::error file={bad},line={line_of(VALID, 'notice_days')},col=1,title=UNKNOWN_KEY::"
    )
    assert cli("rules", "check", str(bad), "--format", "xml").exit_code == 2


def test_cli_messages_in_chinese(cli, tmp_path):
    bad = write(tmp_path, VALID.replace("notice_days = 2", "notice_dayz = 2"))
    result = cli("rules", "check", str(bad), lang="zh")
    assert "未知的键“notice_dayz”" in result.stdout


def test_cli_checks_a_directory(cli, tmp_path):
    write(tmp_path, VALID, "a.toml")
    write(tmp_path, VALID.replace("rank = 3", "rank = 0"), "b.toml")
    result = cli("rules", "check", str(tmp_path))
    assert result.exit_code == 1 and "b.toml" in result.stdout and "a.toml" not in result.stdout


def test_schema_is_json_and_describes_the_contract_keys(cli):
    result = cli("rules", "schema")
    schema = json.loads(result.stdout)
    kinds = schema["properties"]["item_kinds"]["additionalProperties"]["properties"]
    assert {"quorum", "pass", "per_candidate", "opinion_order", "amount_at_least"} <= set(kinds)
    assert schema["properties"]["members"]["items"]["required"] == ["id", "name", "rank"]


def test_garbage_never_tracebacks_through_the_real_entry_point(tmp_path):
    path = write(tmp_path, b"\xff\xfe[[[\x00garbage")
    proc = subprocess.run(
        [sys.executable, "-m", "yishi", "rules", "check", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


# ------------------------------------------------------------ key paths, --strict, sarif


def test_every_message_names_its_key_path(cli, tmp_path):
    bad = write(
        tmp_path,
        VALID.replace("notice_days = 2", 'notice_days = "two"')
        .replace('first_item = "study"', 'first_item = "studdy"')
        .replace('name = "大额资金使用"\n', ""),
    )
    result = cli("rules", "check", str(bad))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    line = line_of(VALID, "notice_days")
    assert (
        f"{bad}:{line}:15: TYPE meeting_types.party_group.notice_days: expected an integer, "
        'got "two"' in lines
    )
    assert any(": UNKNOWN_REF meeting_types.party_group.first_item: " in x for x in lines)
    assert any(": MISSING_KEY item_kinds.large_fund.name: " in x for x in lines)
    data = json.loads(cli("rules", "check", str(bad), "--format", "json").stdout)
    paths = {p["path"] for p in data["problems"]}
    assert {"meeting_types.party_group.notice_days", "item_kinds.large_fund.name"} <= paths
    assert all(p["message"].startswith(p["path"] + ": ") for p in data["problems"])
    members = write(tmp_path, VALID.replace("rank = 3", 'rank = "3"'), "m.toml")
    [problem] = check_file(members)[1]
    assert problem.path == "members[2].rank"
    zh = cli("rules", "check", str(bad), lang="zh")
    assert 'meeting_types.party_group.notice_days: 类型错误：应为整数，实为 "two"' in zh.stdout


def test_warnings_exit_0_unless_strict(cli, tmp_path):
    # in_charge_present with nobody in charge of anything: a warning, not an error
    text = "\n".join(line for line in VALID.splitlines() if not line.startswith("in_charge ="))
    warned = write(tmp_path, text)
    [problem] = check_file(warned)[1]
    assert problem.severity == "warning"
    result = cli("rules", "check", str(warned))
    assert result.exit_code == 0, result.output
    assert (
        "(warning)" in result.stdout and "item_kinds.large_fund.in_charge_present" in result.stdout
    )
    assert cli("rules", "check", str(warned), "--strict").exit_code == 1
    data = json.loads(cli("rules", "check", str(warned), "--format", "json").stdout)
    assert (data["ok"], data["errors"], data["warnings"]) == (True, 0, 1)
    gh = cli("rules", "check", str(warned), "--format", "github")
    assert gh.exit_code == 0 and gh.stdout.startswith("::warning ")
    # any error inside a file, syntax and encoding included, is exit 1; a missing file is 2
    assert cli("rules", "check", str(write(tmp_path, "[body\n", "s.toml"))).exit_code == 1
    assert cli("rules", "check", str(write(tmp_path, b"\xff\xfe", "e.toml"))).exit_code == 1
    assert cli("rules", "check", str(tmp_path / "none.toml"), "--strict").exit_code == 2


def test_sarif_is_structurally_valid(cli, tmp_path, monkeypatch):
    bad = write(tmp_path, VALID.replace("notice_days = 2", 'notice_days = "two"'))
    text = "\n".join(line for line in VALID.splitlines() if not line.startswith("in_charge ="))
    warned = write(tmp_path, text, "w.toml")
    syntax = write(tmp_path, "[body\n", "s.toml")
    result = cli("rules", "check", str(bad), str(warned), str(syntax), "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "yishi" and isinstance(driver["version"], str)
    rule_ids = [r["id"] for r in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert all(isinstance(r["shortDescription"]["text"], str) for r in driver["rules"])
    assert {r["ruleId"] for r in run["results"]} == {"TYPE", "UNKNOWN_REF", "SYNTAX"}
    for res in run["results"]:
        assert set(res) >= {"ruleId", "ruleIndex", "level", "message", "locations"}
        assert rule_ids[res["ruleIndex"]] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note", "none")
        assert isinstance(res["message"]["text"], str) and res["message"]["text"]
        [loc] = res["locations"]
        region = loc["physicalLocation"]["region"]
        assert isinstance(region["startLine"], int) and region["startLine"] >= 1
        assert isinstance(region["startColumn"], int) and region["startColumn"] >= 1
        uri = loc["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith("file:///") and uri.endswith(".toml")
    by_rule = {r["ruleId"]: r for r in run["results"]}
    assert by_rule["UNKNOWN_REF"]["level"] == "warning"
    assert (
        by_rule["TYPE"]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        == "meeting_types.party_group.notice_days"
    )
    assert by_rule["TYPE"]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": line_of(VALID, "notice_days"),
        "startColumn": 15,
    }
    assert "logicalLocations" not in by_rule["SYNTAX"]["locations"][0]
    # a relative path stays a relative URI (what code scanning expects); warnings exit 0
    monkeypatch.chdir(tmp_path)
    relative = cli("rules", "check", "w.toml", "--format", "sarif")
    assert relative.exit_code == 0
    [res] = json.loads(relative.stdout)["runs"][0]["results"]
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "w.toml"
