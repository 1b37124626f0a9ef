"""`yishi rules diff`: a semantic diff (修订对照表) on a table of edits of one rules file."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import EIGHT, ROOT
from yishi.rules_diff import diff, to_markdown
from yishi.rules_doc import RulesDoc, load_file

TEXT = EIGHT.read_text(encoding="utf-8")


def edit(old: str, new: str, count: int = 1) -> Callable[[str], str]:
    def apply(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, count)

    return apply


def reformatted(text: str) -> str:
    """The same rules, written differently: no comments, tables reordered, inline tables
    as dotted keys, 2/4 for 1/2, defaults written out, lists in another order."""
    text = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    text = text.replace(
        'quorum = { at_least = "1/2" }', 'quorum.at_least = "2/4"\nquorum.of = "members"', 1
    )
    text = text.replace(
        'methods = ["oral", "hands", "secret", "roll_call"]',
        'methods = [ "roll_call","secret",\n  "hands", "oral" ]',
    )
    text = text.replace(
        'name = "学习"\nvote = false',
        'vote = false\nname = "学习"\nad_hoc = true\nconfidential = false',
    )
    text = text.replace("amount_at_least = 500", "amount_at_least = 500.0")
    # move [voting] to the top, after [body]
    body_end = text.index("[[members]]")
    voting = text[text.index("[voting]") :]
    text = text[:body_end] + voting + "\n\n" + text[body_end : text.index("[voting]")]
    return text


PERSONNEL = '[item_kinds.personnel]\nname = "干部任免"\n'
SPECIAL = (
    '[meeting_types.special]\nname = "专题会议"\nchair = "secretary"\n'
    'chair_delegates = ["deputy"]\nquorum = { more_than = "1/2" }\n'
)
HUANG = '[[members]]\nid = "huang"\nname = "黄海"\nrank = 8\nroles = ["member"]\n'
ZHANG = (
    '[[members]]\nid = "zhang"\nname = "张伟"\nrank = 1\nroles = ["secretary"]\n'
    'title = "党组书记、局长"\n'
)

# (name, edit, expected (change, path) list, a phrase the sentence must contain)
EDITS = [
    ("reformat only", reformatted, [], None),
    (
        "threshold 2/3 -> 1/2",
        edit(
            PERSONNEL + 'quorum = { at_least = "2/3" }', PERSONNEL + 'quorum = { at_least = "1/2" }'
        ),
        [("changed", "item_kinds.personnel.quorum")],
        "由“三分之二以上”改为“半数以上”",
    ),
    (
        "integer",
        edit("notice_days = 2", "notice_days = 3"),
        [("changed", "meeting_types.party_group.notice_days")],
        "由“会前2天”改为“会前3天”",
    ),
    (
        "boolean",
        edit("ad_hoc = false\n", "ad_hoc = true\n"),
        [("changed", "item_kinds.personnel.ad_hoc")],
        "允许临时动议由“否”改为“是”",
    ),
    (
        "boolean to its default = removed key",
        edit("ad_hoc = false\n", ""),
        [("changed", "item_kinds.personnel.ad_hoc")],
        "由“否”改为“是”",
    ),
    (
        "string",
        edit('name = "专题会议"', 'name = "局长专题会议"'),
        [("changed", "meeting_types.special.name")],
        "由“专题会议”改为“局长专题会议”",
    ),
    (
        "list",
        edit('methods = ["oral", "hands", "secret", "roll_call"]', 'methods = ["oral", "hands"]'),
        [("changed", "voting.methods")],
        "由“口头、举手、无记名投票、记名投票”改为“口头、举手”",
    ),
    (
        "amount",
        edit("amount_at_least = 500", "amount_at_least = 50000"),
        [("changed", "item_kinds.large_fund.amount_at_least")],
        "由“500元以上”改为“5万元以上”",
    ),
    (
        "table value",
        edit('frequency = { min = 1, per = "month" }', 'frequency = { min = 1, per = "quarter" }'),
        [("changed", "meeting_types.party_group.frequency")],
        "由“每月至少1次”改为“每季度至少1次”",
    ),
    (
        "pass base",
        edit(
            'pass = { more_than = "1/2", of = "members" }',
            'pass = { more_than = "1/2", of = "present" }',
        ),
        [("changed", "item_kinds.general.pass")],
        "由“超过应到会成员半数”改为“超过实到会成员半数”",
    ),
    (
        "key added",
        edit('chair_delegates = ["deputy"]', 'chair_delegates = ["deputy"]\nnotice_days = 1'),
        [("added", "meeting_types.special.notice_days")],
        "专题会议新增会前通知天数：“会前1天”",
    ),
    (
        "key removed",
        edit("split_defer_margin = 1\n", ""),
        [("removed", "voting.split_defer_margin")],
        "表决规则删去暂缓决定的票差（原为“1”）",
    ),
    (
        "meeting type added",
        lambda t: (
            t + '\n[meeting_types.life]\nname = "党组民主生活会"\n'
            'chair = "secretary"\nquorum = { at_least = "2/3" }\n'
        ),
        [("added", "meeting_types.life")],
        "新增会议类型“党组民主生活会”（life）",
    ),
    (
        "meeting type removed",
        edit(SPECIAL, ""),
        [("removed", "meeting_types.special")],
        "删去会议类型“专题会议”（special）",
    ),
    (
        "member added",
        lambda t: t.replace(
            "[meeting_types.party_group]",
            '[[members]]\nid = "sun"\nname = "孙丽"\nrank = 9\n\n[meeting_types.party_group]',
        ),
        [("added", "members.sun")],
        "新增成员孙丽（sun，排序9）",
    ),
    (
        "member removed",
        edit(HUANG, ""),
        [("removed", "members.huang")],
        "黄海（huang）不再列为成员",
    ),
    (
        "members reordered in the file = no change",
        lambda t: t.replace(ZHANG, "").replace(
            "[meeting_types.party_group]", ZHANG + "\n[meeting_types.party_group]"
        ),
        [],
        None,
    ),
    (
        "member attribute",
        edit('rank = 7\nroles = ["member"]', 'rank = 7\nroles = ["member", "deputy"]'),
        [("changed", "members.yang.roles")],
        "成员杨帆的角色由“member”改为“deputy、member”",
    ),
    (
        "body",
        edit('short = "测试局党组"', 'short = "测试党组"'),
        [("changed", "body.short")],
        "本机构的简称由“测试局党组”改为“测试党组”",
    ),
]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "change", "expected", "phrase"), EDITS, ids=[e[0] for e in EDITS])
def test_edit_table(tmp_path, name, change, expected, phrase):
    new = write(tmp_path, "new.toml", change(TEXT))
    changes = diff(load_file(EIGHT), load_file(new))
    assert [(c.change, ".".join(map(str, c.path))) for c in changes] == expected
    if phrase:
        assert phrase in changes[0].sentence


def test_threshold_reads_as_two_thirds_in_both_columns(tmp_path):
    text = TEXT.replace('quorum = { at_least = "1/2" }', 'quorum = { at_least = "2/3" }', 1)
    changes = diff(load_file(EIGHT), load_file(write(tmp_path, "n.toml", text)))
    [change] = changes
    assert change.old_clause == "党组会议应当有半数以上党组成员到会方可召开。"
    assert change.new_clause == "党组会议应当有三分之二以上党组成员到会方可召开。"
    assert change.sentence == "党组会议的到会人数由“半数以上”改为“三分之二以上”。"
    table = to_markdown(changes, "old.toml", "new.toml")
    assert "| 序号 | 条目 | 原条款 | 修订后 | 说明 |" in table
    assert "| 1 | `meeting_types.party_group.quorum` | 党组会议应当有半数以上" in table


def test_unknown_keys_are_diffed_by_path_and_value():
    """Keys other helpers add (submit_days, prerequisites ...) are compared generically."""
    old = load_file(EIGHT).raw
    new = json.loads(json.dumps(old))
    new["meeting_types"]["party_group"]["submit_days"] = 5
    new["item_kinds"]["large_fund"]["prerequisites"] = ["legal_review", "risk_assessment"]
    new["item_kinds"]["large_fund"]["amount_more_than"] = 100
    old["item_kinds"]["large_fund"]["amount_more_than"] = 50
    new["future_table"] = {"x": 1}
    changes = diff(RulesDoc("a", old, {}), RulesDoc("b", new, {}))
    got = {".".join(map(str, c.path)): c for c in changes}
    assert set(got) == {
        "meeting_types.party_group.submit_days",
        "item_kinds.large_fund.prerequisites",
        "item_kinds.large_fund.amount_more_than",
        "future_table.x",
    }
    assert (
        got["item_kinds.large_fund.amount_more_than"].sentence
        == "大额资金使用事项的金额标准（不含本数）由“超过50元”改为“超过100元”。"
    )
    assert (
        got["item_kinds.large_fund.prerequisites"].sentence
        == "大额资金使用事项新增前置程序：“legal_review、risk_assessment”。"
    )
    assert (
        got["meeting_types.party_group.submit_days"].new_clause
        == "提请党组会议研究的议题，应当于会前5天报送。"
    )
    assert (
        "应当完成legal_review和risk_assessment"
        in got["item_kinds.large_fund.prerequisites"].new_clause
    )
    # a reordered unknown list of names is no change
    again = json.loads(json.dumps(new))
    again["item_kinds"]["large_fund"]["prerequisites"].reverse()
    assert diff(RulesDoc("b", new, {}), RulesDoc("c", again, {})) == []


def test_extends_is_resolved_before_diffing(tmp_path):
    """One body split into two files means the same as the single file."""
    split = TEXT.index("[meeting_types.special]")
    base_end = TEXT.index("[meeting_types.party_group]")
    voting = TEXT.index("[voting]")
    write(tmp_path, "body.toml", TEXT[:base_end] + TEXT[voting:])
    child = write(tmp_path, "office.toml", 'extends = "body.toml"\n\n' + TEXT[base_end:voting])
    assert split  # the special type lives in the child file
    assert diff(load_file(EIGHT), load_file(child)) == []


# ----------------------------------------------------------------------------- CLI


def test_cli_exit_codes_and_formats(cli, tmp_path):
    same = write(tmp_path, "same.toml", reformatted(TEXT))
    result = cli("rules", "diff", str(EIGHT), str(same))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    changed = write(tmp_path, "changed.toml", TEXT.replace("notice_days = 2", "notice_days = 3"))
    text = cli("rules", "diff", str(EIGHT), str(changed))
    assert text.exit_code == 1
    assert text.stdout.splitlines() == [
        "~ meeting_types.party_group.notice_days: 2 -> 3",
        "    党组会议的会前通知天数由“会前2天”改为“会前3天”。",
    ]
    data = json.loads(cli("rules", "diff", str(EIGHT), str(changed), "-f", "json").stdout)
    assert data["same"] is False and data["changes"][0] == {
        "path": "meeting_types.party_group.notice_days",
        "change": "changed",
        "old": 2,
        "new": 3,
        "old_clause": "会议议题和有关材料一般应当于会前2天送达与会人员。",
        "new_clause": "会议议题和有关材料一般应当于会前3天送达与会人员。",
        "sentence": "党组会议的会前通知天数由“会前2天”改为“会前3天”。",
    }
    md = cli("rules", "diff", str(EIGHT), str(changed), "-f", "md")
    assert md.exit_code == 1 and "原条款" in md.stdout and "修订后" in md.stdout
    docx = tmp_path / "table.docx"
    assert (
        cli("rules", "diff", str(EIGHT), str(changed), "-f", "docx", "-o", str(docx)).exit_code == 1
    )
    from docx import Document

    table = Document(str(docx)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["条目", "原条款", "修订后", "说明"]
    assert table.rows[1].cells[0].text == "meeting_types.party_group.notice_days"


def test_cli_bad_input_exits_2(cli, tmp_path):
    assert cli("rules", "diff", str(EIGHT), str(tmp_path / "missing.toml")).exit_code == 2
    broken = write(tmp_path, "broken.toml", "[body\n")
    result = cli("rules", "diff", str(broken), str(EIGHT))
    assert result.exit_code == 2 and "SYNTAX" in result.output
    assert cli("rules", "diff", str(EIGHT)).exit_code == 2
    assert cli("rules", "diff", str(EIGHT), str(EIGHT), "-f", "xml").exit_code == 2
    undefined = write(
        tmp_path, "bad.toml", TEXT.replace('chair = "secretary"', 'chair = "secretry"', 1)
    )
    assert cli("rules", "diff", str(EIGHT), str(undefined)).exit_code == 2


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_old_version_from_git(cli, tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "rules").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    base_end, voting = TEXT.index("[meeting_types.party_group]"), TEXT.index("[voting]")
    write(repo / "rules", "body.toml", TEXT[:base_end] + TEXT[voting:])
    child = write(
        repo / "rules", "office.toml", 'extends = "body.toml"\n\n' + TEXT[base_end:voting]
    )
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "rules")
    child.write_text(
        child.read_text(encoding="utf-8").replace(
            'quorum = { at_least = "2/3" }', 'quorum = { at_least = "1/2" }', 1
        ),
        encoding="utf-8",
    )
    monkeypatch.chdir(repo)
    result = cli("rules", "diff", "HEAD:rules/office.toml", "rules/office.toml", "-f", "md")
    assert result.exit_code == 1, result.output
    assert "`item_kinds.personnel.quorum`" in result.stdout
    assert "原：`HEAD:rules/office.toml`" in result.stdout
    monkeypatch.chdir(repo / "rules")
    assert cli("rules", "diff", "HEAD:./office.toml", "office.toml").exit_code == 1
    assert cli("rules", "diff", "HEAD:rules/nope.toml", "office.toml").exit_code == 2
    assert cli("rules", "diff", "nosuchrev:office.toml", "office.toml").exit_code == 2


def test_diff_against_the_rules_a_meeting_was_held_under(cli, tmp_path):
    rules = write(tmp_path, "rules.toml", TEXT)
    meeting = cli.open(rules=rules)
    assert cli("rules", "diff", "--record", meeting, str(rules)).exit_code == 0
    rules.write_text(
        TEXT.replace("split_defer_margin = 1", "split_defer_margin = 2"), encoding="utf-8"
    )
    result = cli("rules", "diff", "--record", meeting, str(rules))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "~ voting.split_defer_margin: 1 -> 2"
    data = json.loads(cli("rules", "diff", "--record", meeting, str(rules), "-f", "json").stdout)
    assert data["old"] == f"record:{meeting}"
    assert cli("rules", "diff", "--record", "nosuchmeeting", str(rules)).exit_code == 2
    assert cli("rules", "diff", "--record", meeting, str(rules), str(rules)).exit_code == 2


@pytest.mark.parametrize(
    "sample", sorted((ROOT / "sample_configs").glob("*.toml")), ids=lambda p: p.stem
)
def test_each_sample_against_itself_and_a_personnel_edit(sample, tmp_path):
    assert diff(load_file(sample), load_file(sample)) == []
    text = sample.read_text(encoding="utf-8")
    stripped = write(
        tmp_path,
        "s.toml",
        "\n".join(
            line.split("  #")[0] for line in text.splitlines() if not line.lstrip().startswith("#")
        ),
    )
    assert diff(load_file(sample), load_file(stripped)) == []
