"""`yishi rules new`: a body's rules started from a sample, scripted (no terminal: nothing
is asked) or with options; the result always passes `rules check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import ROOT
from yishi import toml_read
from yishi.errors import InputError
from yishi.rules import check_file
from yishi.rules_diff import diff
from yishi.rules_doc import load_file
from yishi.rules_new import parse_member

SAMPLES = sorted((ROOT / "sample_configs").glob("*.toml"))


def read(path: Path) -> dict:
    return toml_read.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_scripted_copy_of_each_sample_passes_check_and_means_the_same(cli, tmp_path, sample):
    out = tmp_path / "rules" / "body.toml"
    result = cli("rules", "new", "--from", sample.stem, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert [p for p in check_file(out)[1] if p.severity == "error"] == []
    assert cli("rules", "check", str(out)).exit_code == 0
    assert diff(load_file(sample), load_file(out)) == []
    assert "yishi rules new" in out.read_text(encoding="utf-8").splitlines()[1]


def test_options_replace_body_members_and_types(cli, tmp_path):
    out = tmp_path / "mine.toml"
    result = cli(
        "rules",
        "new",
        "--from",
        "liaoning-jiguan-party-group",
        "-o",
        str(out),
        "--id",
        "xx-bureau",
        "--name",
        "中共某某局党组",
        "--short",
        "某局党组",
        "--member",
        "wang:王一:1:secretary::党组书记、局长",
        "--member",
        "li:李二:2:member:finance,office",
        "--member",
        "zhao：赵三：3：member",
        "--type",
        "party_group",
        "--type",
        "democratic_life",
    )
    assert result.exit_code == 0, result.output
    data = read(out)
    assert data["body"] == {
        "id": "xx-bureau",
        "name": "中共某某局党组",
        "short": "某局党组",
        "source": "中共某某局党组议事规则",
    }
    assert [(m["id"], m["name"], m["rank"], m.get("roles")) for m in data["members"]] == [
        ("wang", "王一", 1, ["secretary"]),
        ("li", "李二", 2, ["member"]),
        ("zhao", "赵三", 3, ["member"]),
    ]
    assert data["members"][0]["title"] == "党组书记、局长"
    assert data["members"][1]["in_charge"] == ["finance", "office"]
    assert list(data["meeting_types"]) == ["party_group", "democratic_life"]
    assert data["meeting_types"]["party_group"]["minutes_title"] == "中共某某局党组会议纪要"
    # the sample's rules and their comments stay
    text = out.read_text(encoding="utf-8")
    assert "# 第十九条：讨论决定干部任免事项必须有三分之二以上党组成员到会" in text
    assert "张德明" not in text
    assert cli("rules", "check", str(out)).exit_code == 0


def test_refuses_to_overwrite_without_force(cli, tmp_path):
    out = tmp_path / "r.toml"
    out.write_text("keep me", encoding="utf-8")
    result = cli("rules", "new", "-o", str(out))
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "keep me"
    assert cli("rules", "new", "-o", str(out), "--force").exit_code == 0
    assert read(out)["body"]["id"] == "hlj-jiguan-party-group"  # the default sample


@pytest.mark.parametrize(
    "args",
    [
        ["--from", "no-such-sample"],
        ["--type", "no_such_type"],
        ["--member", "bad"],
        ["--member", "a:甲:x:secretary"],
        # members without the role the sample's chair needs: the result would fail rules check
        ["--member", "a:甲:1:member"],
        ["--id", "Not A Slug"],
    ],
)
def test_bad_input_exits_2_and_writes_nothing(cli, tmp_path, args):
    out = tmp_path / "r.toml"
    result = cli("rules", "new", "-o", str(out), *args)
    assert result.exit_code == 2, result.output
    assert not out.exists()


def test_interactive_asks_for_what_no_option_gave(cli, tmp_path, monkeypatch):
    from yishi.commands import rules as rules_cmd

    monkeypatch.setattr(rules_cmd, "_interactive", lambda: True)
    out = tmp_path / "r.toml"
    from yishi.app import app

    # id, name (short is an option), members (a bad line is refused), an empty line, types
    answers = [
        "ask-body",
        "中共问答局党组",
        "a:甲:1:secretary",
        "oops",
        "b:乙:2:member",
        "",
        "party_group",
    ]
    result = cli.runner.invoke(
        app,
        [
            "--lang",
            "en",
            "rules",
            "new",
            "--from",
            "hlj-jiguan-party-group",
            "-o",
            str(out),
            "--short",
            "问答党组",
        ],
        input="\n".join(answers) + "\n",
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    data = read(out)
    assert data["body"]["id"] == "ask-body" and data["body"]["name"] == "中共问答局党组"
    assert data["body"]["short"] == "问答党组"  # given as an option: not asked
    assert [m["id"] for m in data["members"]] == ["a", "b"]  # "oops" was refused, asked again
    assert list(data["meeting_types"]) == ["party_group"]


def test_parse_member():
    member = parse_member("zhang:张伟:1:secretary,director:finance:党组书记、局长")
    assert (member.id, member.name, member.rank, member.roles, member.in_charge, member.title) == (
        "zhang",
        "张伟",
        1,
        ["secretary", "director"],
        ["finance"],
        "党组书记、局长",
    )
    with pytest.raises(InputError):
        parse_member("zhang:张伟")
