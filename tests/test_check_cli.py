"""`yishi check` and `yishi explain` through the CLI: the json contract, exit codes 0/1/2,
zh and en, several meetings with --year/--body."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from yishi.check import CODES

ROOT = Path(__file__).parent.parent
ALL = "zhang,li,wang,zhao,chen,liu,yang,huang"


def open_meeting(cli, *extra: str, **kw):
    """`yishi open` with the facts every record states (time, place, recorder)."""
    return cli.open(
        "--time", "09:00", "--place", "机关三楼会议室", "--recorder", "王秘书", *extra, **kw
    )


def clean_meeting(cli, date: str = "2024-03-05") -> str:
    """A meeting with nothing to find: notice in time, everyone present, study first, a
    general item voted 8-0 and decided."""
    meeting_id = open_meeting(
        cli, "--notice-sent", "2024-01-01", "--notified", "派驻纪检监察组", date=date
    )
    for args in (
        ("attend", *ALL.split(",")),
        ("item", "add", "学习贯彻重要讲话精神", "--kind", "study"),
        ("item", "add", "2024年工作要点", "--kind", "general"),
        ("vote", "2", "--method", "hands", "--yes", ALL),
        ("decide", "2", "同意"),
    ):
        result = cli(*args)
        assert result.exit_code == 0, result.output
    return meeting_id


def faulty_meeting(cli) -> str:
    """The chair speaks first on item 2 and the personnel item misses its 2/3 quorum."""
    meeting_id = open_meeting(cli, "--notice-sent", "2024-03-01", "--notified", "派驻纪检监察组")
    for args in (
        ("attend", "zhang", "li", "wang", "zhao", "chen"),
        ("leave", "liu", "--reason", "出差"),
        ("leave", "yang", "--reason", "病假"),
        ("leave", "huang", "--reason", "学习"),
        ("item", "add", "学习", "--kind", "study"),
        ("item", "add", "任免", "--kind", "personnel", "--candidate", "赵六"),
        ("opinion", "2", "张伟", "agree"),
        ("opinion", "2", "chen", "agree"),
        ("vote", "2", "--method", "secret", "--yes", "5", "--no", "0", "--abstain", "0"),
        ("decide", "2", "同意赵六同志任职"),
    ):
        result = cli(*args)
        assert result.exit_code == 0, result.output
    return meeting_id


def test_a_clean_meeting_exits_0(cli) -> None:
    clean_meeting(cli)
    result = cli("check")
    assert result.exit_code == 0, result.output
    assert "check passed: 0 error(s), 0 warning(s)" in result.stdout
    assert "more than half of 8 members needed (at least 5): passed" in result.stdout


def test_json_contract(cli) -> None:
    meeting_id = faulty_meeting(cli)
    result = cli("check", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"meeting", "ok", "findings", "items"}
    assert data["meeting"] == meeting_id and data["ok"] is False
    for finding in data["findings"]:
        assert set(finding) == {"code", "severity", "item", "message", "rule", "source"}
        assert finding["severity"] in ("error", "warning")
        assert finding["code"] in CODES
    found = {(f["code"], f["item"], f["rule"]) for f in data["findings"]}
    assert ("ITEM_QUORUM", 2, "item_kinds.personnel.quorum") in found
    assert ("CHAIR_NOT_LAST", 2, "voting.chair_last") in found
    assert data["items"] == [
        {
            "number": 1,
            "kind": "study",
            "candidate": None,
            "outcome": "no_vote",
            "yes": 0,
            "no": 0,
            "abstain": 0,
            "base": 0,
            "required": None,
        },
        {
            "number": 2,
            "kind": "personnel",
            "candidate": "赵六",
            "outcome": "invalid",
            "yes": 5,
            "no": 0,
            "abstain": 0,
            "base": 8,
            "required": 5,
        },
    ]


def test_text_lines_cite_rule_and_source_in_both_languages(cli) -> None:
    faulty_meeting(cli)
    en = cli("check")
    assert en.exit_code == 1
    line = next(x for x in en.stdout.splitlines() if "CHAIR_NOT_LAST" in x)
    assert re.fullmatch(
        r"\s*CHAIR_NOT_LAST \[error\] item 2: the chair, 张伟, did not speak "
        r"last: 陈静 spoke after \(candidate 赵六\) "
        r"\(rule: voting\.chair_last — 测试局党组会议议事规则\)",
        line,
    ), line
    assert "check failed" in en.stdout
    zh = cli("check", lang="zh")
    assert zh.exit_code == 1
    line = next(x for x in zh.stdout.splitlines() if "ITEM_QUORUM" in x)
    assert line.strip().startswith("ITEM_QUORUM [error] 第2项: 本项到会5人")
    assert "(rule: item_kinds.personnel.quorum — 测试局党组会议议事规则)" in line
    assert "表决无效" in zh.stdout and "未通过检查" in zh.stdout


def test_json_messages_follow_the_language(cli) -> None:
    faulty_meeting(cli)
    zh = json.loads(cli("check", "--format", "json", lang="zh").stdout)
    en = json.loads(cli("check", "--format", "json", lang="en").stdout)
    assert [f["code"] for f in zh["findings"]] == [f["code"] for f in en["findings"]]
    assert "主持人" in next(f["message"] for f in zh["findings"] if f["code"] == "CHAIR_NOT_LAST")
    assert "chair" in next(f["message"] for f in en["findings"] if f["code"] == "CHAIR_NOT_LAST")


def test_warnings_do_not_fail(cli) -> None:
    open_meeting(cli, "--notice-sent", "2024-01-01", "--notified", "派驻纪检监察组")
    seven = ALL.replace(",huang", "")
    for args in (
        ("attend", *seven.split(",")),
        ("absent", "huang"),
        ("item", "add", "学习贯彻重要讲话精神", "--kind", "study"),
        ("item", "add", "2024年工作要点", "--kind", "general"),
        ("vote", "2", "--method", "hands", "--yes", seven),
        ("decide", "2", "同意"),
    ):
        assert cli(*args).exit_code == 0, args
    result = cli("check", "--format", "json")
    data = json.loads(result.stdout)
    # absent without leave: a warning, and warnings alone exit 0
    assert {(f["code"], f["severity"]) for f in data["findings"]} == {
        ("ABSENT_WITHOUT_LEAVE", "warning")
    }
    assert result.exit_code == 0 and data["ok"] is True
    # a member who voted cannot be marked absent afterwards (a vote from a member not
    # present); a hand-edited record that says so is NOT_PRESENT_PARTICIPATED (engine tests)
    assert cli("absent", "zhang").exit_code == 2


def test_a_meeting_by_id_or_prefix(cli) -> None:
    first = clean_meeting(cli, date="2024-03-04")
    faulty_meeting(cli)  # now current
    assert cli("check").exit_code == 1
    assert cli("check", first).exit_code == 0
    assert cli("check", "2024-03-04").exit_code == 0  # a unique prefix
    data = json.loads(cli("check", first, "--format", "json").stdout)
    assert data["meeting"] == first


@pytest.mark.parametrize(
    "args",
    [
        ("check", "no-such-meeting"),
        ("check", "--format", "xml"),
        ("explain", "NO_SUCH_CODE"),
    ],
)
def test_bad_input_exits_2(cli, args: tuple[str, ...]) -> None:
    clean_meeting(cli)
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_no_current_meeting_exits_2(cli) -> None:
    result = cli("check")
    assert result.exit_code == 2
    assert "no current meeting" in result.output


def test_meeting_id_with_year_exits_2(cli) -> None:
    meeting_id = clean_meeting(cli)
    assert cli("check", meeting_id, "--year", "2024").exit_code == 2


def test_year_checks_every_meeting_and_frequency(cli, monkeypatch) -> None:
    monkeypatch.setenv("YISHI_NOW", "2025-02-01T09:00:00+08:00")
    january = clean_meeting(cli, date="2024-01-10")
    march = clean_meeting(cli, date="2024-03-05")
    result = cli("check", "--year", "2024", "--format", "json")
    assert result.exit_code == 1  # months without a meeting: the type meets monthly
    data = json.loads(result.stdout)
    assert set(data) == {"meetings", "ok", "findings"}
    assert [m["meeting"] for m in data["meetings"]] == [january, march]
    assert all(m["ok"] for m in data["meetings"]) and data["ok"] is False
    freq = [f for f in data["findings"] if f["code"] == "FREQUENCY"]
    assert len(freq) == 10  # February, April ... December
    assert all(f["rule"] == "meeting_types.party_group.frequency" for f in freq)
    assert set(freq[0]) == {"code", "severity", "item", "message", "rule", "source"}
    text = cli("check", "--year", "2024", lang="zh")
    expected = "FREQUENCY [error] 中共测试局党组党组会议：2024年2月召开0次，少于规定的1次"
    assert expected in text.stdout
    # this year: only the months that have ended are judged
    monkeypatch.setenv("YISHI_NOW", "2024-03-20T09:00:00+08:00")
    data = json.loads(cli("check", "--year", "2024", "--format", "json").stdout)
    assert [f["message"] for f in data["findings"]] == [
        "中共测试局党组 党组会议: 0 meeting(s) in 2024-02, fewer than the required 1"
    ]


def test_body_filter_and_no_meetings(cli) -> None:
    clean_meeting(cli)
    data = json.loads(cli("check", "--body", "test-bureau", "--format", "json").stdout)
    assert len(data["meetings"]) == 1 and data["findings"] == [] and data["ok"] is True
    data = json.loads(cli("check", "--body", "nobody", "--format", "json").stdout)
    assert data == {"meetings": [], "ok": True, "findings": []}
    result = cli("check", "--year", "2019", "--body", "nobody")
    assert result.exit_code == 0 and "no matching meetings" in result.stdout


def test_explain(cli) -> None:
    result = cli("explain", "chair_not_last")
    assert result.exit_code == 0
    assert result.stdout.startswith("CHAIR_NOT_LAST [error]")
    assert "voting.chair_last" in result.stdout and "末位表态" in result.stdout
    zh = cli("explain", "ITEM_QUORUM", lang="zh")
    assert "每项议题的到会人数" in zh.stdout
    listing = cli("explain")
    assert listing.exit_code == 0
    assert [line.split()[0] for line in listing.stdout.splitlines()] == list(CODES)
    wrong = cli("explain", "CHAIR_NOTLAST")
    assert wrong.exit_code == 2 and "CHAIR_NOT_LAST" in wrong.output


def test_every_code_is_documented() -> None:
    docs = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for code, doc in CODES.items():
        assert f"### {code}\n" in docs, code
        section = docs.split(f"### {code}\n", 1)[1].split("### ", 1)[0]
        assert f"*{doc.severity}*" in section and doc.seeds in section, code


def test_the_core_imports_neither_typer_nor_rich() -> None:
    code = (
        "import sys, yishi.check; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'rich')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]"
