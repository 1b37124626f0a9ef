"""Recording a meeting through the CLI: what is accepted, what is refused (exit 2,
clear message, record byte-identical), undo, and the record on disk."""

from __future__ import annotations

import tomllib

import pytest

from tests.helpers import EIGHT
from yishi.store import Store


@pytest.fixture
def meeting(cli):
    meeting_id = cli.open("--time", "09:00", "--place", "三楼会议室")
    assert cli("attend", "张伟", "李", "wang", "zhao", "chen", "liu").exit_code == 0
    assert cli("leave", "yang", "--reason", "出差", "--opinion", "同意").exit_code == 0
    assert cli("absent", "huang").exit_code == 0
    assert cli("item", "add", "学习贯彻有关精神", "--kind", "study").exit_code == 0
    assert (
        cli("item", "add", "关于购置办公设备", "--kind", "general", "--area", "finance").exit_code
        == 0
    )
    assert (
        cli(
            "item",
            "add",
            "干部任免",
            "--kind",
            "personnel",
            "--candidate",
            "甲某",
            "--candidate",
            "乙某",
        ).exit_code
        == 0
    )
    return meeting_id


def test_open_prints_id_alone_on_last_line(cli):
    result = cli(
        "open", "tests/fixtures/eight.toml", "--type", "party_group", "--date", "2024-03-05"
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "2024-03-05-test-bureau-party_group-1"
    again = cli(
        "open", "tests/fixtures/eight.toml", "--type", "party_group", "--date", "2024-03-05"
    )
    assert again.stdout.splitlines()[-1] == "2024-03-05-test-bureau-party_group-2"


def test_item_add_prints_number_and_reclassifies_by_amount(cli, meeting):
    result = cli("item", "add", "关于大额采购", "--kind", "general", "--amount", "800")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "4"
    assert "大额资金使用" in result.stdout
    m = Store(cli.records).meeting(meeting)
    assert m.items[3].kind == "large_fund" and m.items[3].requested_kind == "general"
    below = cli("item", "add", "关于小额采购", "--kind", "general", "--amount", "499.99")
    assert Store(cli.records).meeting(meeting).items[4].kind == "general"
    assert below.stdout.splitlines()[-1] == "5"


def test_members_by_id_name_or_unique_prefix(cli, meeting):
    assert cli("opinion", "2", "王", "agree").exit_code == 0
    assert cli("opinion", "2", "zhao", "agree").exit_code == 0
    ambiguous = cli("opinion", "2", "zha", "agree")  # zhang and zhao
    assert ambiguous.exit_code == 2 and "张伟(zhang)" in ambiguous.stderr
    m = Store(cli.records).meeting(meeting)
    assert [o.member for o in m.items[1].opinions] == ["wang", "zhao"]


REFUSALS = [
    # (args, message fragment)
    (["attend", "nobody"], "no member 'nobody'"),
    (["attend", "zh"], "ambiguous"),
    (["vote", "2", "-m", "hands", "--yes", "yang"], "not present for item 2 (leave)"),
    (["vote", "2", "-m", "hands", "--yes", "huang"], "not present for item 2 (absent)"),
    (["vote", "2", "-m", "hands", "--yes", "zhang,zhang"], "appears twice"),
    (["vote", "2", "-m", "secret", "--yes", "张伟"], "counts only"),
    (["vote", "2", "-m", "secret", "--yes", "7"], "exceed the 6 members present"),
    (["vote", "2", "-m", "hands", "--yes", "5"], "takes member names"),
    (["vote", "9", "-m", "hands", "--yes", "zhang"], "no item 9"),
    (["vote", "1", "-m", "hands", "--yes", "zhang"], "not voted on"),
    (["vote", "3", "-m", "secret", "-c", "丙某", "--yes", "3"], "no candidate '丙某'"),
    (["opinion", "2", "huang", "agree"], "not present for item 2 (absent)"),
    (["opinion", "2", "zhang", "maybe"], "is not an opinion"),
    (["leave", "zhao", "--reason", ""], "needs a reason"),
    (["item", "add", "x", "--kind", "nonsense"], "unknown item kind"),
    (["item", "add", "x", "--kind", "general", "--amount", "abc"], "invalid amount"),
    (["item", "add", "x", "--kind", "general", "--materials-sent", "2024-13-01"], "invalid date"),
    (["depart", "huang", "--after", "1"], "not present"),
    (["decide", "2", ""], "must not be empty"),
    (["use", "no-such-meeting"], "no meeting"),
]


@pytest.mark.parametrize("args,fragment", REFUSALS, ids=[" ".join(a) for a, _ in REFUSALS])
def test_refusals_write_nothing(cli, meeting, args, fragment):
    before = cli.record_bytes(meeting)
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr
    assert "Traceback" not in result.output
    assert cli.record_bytes(meeting) == before


def test_recused_member_may_neither_speak_nor_vote(cli, meeting):
    assert cli("recuse", "chen", "--item", "2", "--reason", "亲属关系").exit_code == 0
    before = cli.record_bytes(meeting)
    assert "recused" in cli("opinion", "2", "chen", "agree").stderr
    assert "recused" in cli("vote", "2", "-m", "hands", "--yes", "chen").stderr
    assert cli.record_bytes(meeting) == before


def test_departed_member_not_present_for_later_items(cli, meeting):
    assert cli("depart", "liu", "--after", "2").exit_code == 0
    assert cli("vote", "2", "-m", "hands", "--yes", "liu").exit_code == 0
    refused = cli("vote", "3", "-m", "hands", "-c", "甲某", "--yes", "liu")
    assert refused.exit_code == 2 and "departed" in refused.stderr


def test_leave_opinion_is_written_not_a_vote(cli, meeting):
    result = cli("opinion", "3", "yang", "agree", "-c", "甲某")
    assert result.exit_code == 0 and "written opinion" in result.stdout
    m = Store(cli.records).meeting(meeting)
    assert m.items[2].opinions[0].written is True


def test_second_vote_refused_until_undo_or_reconsider(cli, meeting):
    vote = ["vote", "2", "-m", "hands", "--yes", "zhang,li,wang,zhao", "--no", "chen,liu"]
    assert cli(*vote).exit_code == 0
    again = cli(*vote)
    assert again.exit_code == 2 and "already voted" in again.stderr
    refused = cli("reconsider", "2", "--yes", "zhang,li")
    assert "not granted" in refused.stdout
    assert cli(*vote).exit_code == 2
    granted = cli("reconsider", "2", "--yes", "zhang,li,wang,zhao,chen")
    assert "granted" in granted.stdout
    assert cli("vote", "2", "-m", "hands", "--yes", "zhang,li,wang,zhao,chen,liu").exit_code == 0
    m = Store(cli.records).meeting(meeting)
    assert [v.round for v in m.items[1].votes] == [1, 2]
    assert m.items[1].current_votes()[0].yes == 6


def test_secret_ballot_stores_no_names(cli, meeting):
    assert (
        cli(
            "vote", "3", "-m", "secret", "-c", "甲某", "--yes", "5", "--no", "1", "--abstain", "0"
        ).exit_code
        == 0
    )
    doc = tomllib.loads(cli.record_bytes(meeting).decode())
    vote = doc["log"][-1]
    assert vote["yes"] == 5 and not any(k.endswith("_names") for k in vote)


def test_undo_reverts_last_change_and_is_logged(cli, meeting):
    assert cli("vote", "2", "-m", "hands", "--yes", "zhang,li,wang,zhao,chen").exit_code == 0
    result = cli("undo")
    assert result.exit_code == 0 and "vote 2" in result.stdout
    m = Store(cli.records).meeting(meeting)
    assert m.items[1].votes == []
    doc = tomllib.loads(cli.record_bytes(meeting).decode())
    assert doc["log"][-1]["op"] == "undo"
    # undo again walks further back: the personnel item disappears
    assert cli("undo").exit_code == 0
    assert len(Store(cli.records).meeting(meeting).items) == 2


def test_closed_meeting_refuses_changes(cli, meeting):
    assert cli("close").exit_code == 0
    before = cli.record_bytes(meeting)
    result = cli("attend", "huang")
    assert result.exit_code == 2 and "closed" in result.stderr
    assert cli.record_bytes(meeting) == before
    assert cli("undo").exit_code == 0  # undo of close reopens the meeting
    assert cli("attend", "huang").exit_code == 0


def test_damaged_record_is_reported_and_never_overwritten(cli, meeting):
    path = cli.records / f"{meeting}.toml"
    damaged = path.read_bytes().replace(b"[meeting]", b"[meeting", 1)
    path.write_bytes(damaged)
    result = cli("attend", "huang")
    assert result.exit_code == 2
    assert f"{path}:" in result.stderr and "damaged" in result.stderr
    assert path.read_bytes() == damaged


def test_record_is_readable_toml_with_audit_log(cli, meeting):
    doc = tomllib.loads(cli.record_bytes(meeting).decode())
    assert doc["meeting"]["place"] == "三楼会议室"
    assert doc["rules"]["body"]["id"] == "test-bureau"  # the rules snapshot
    assert [e["op"] for e in doc["log"]] == ["attend", "leave", "absent", "item", "item", "item"]
    assert all(e["at"] and e["cmd"] for e in doc["log"])


def test_rules_snapshot_survives_rules_file_edits(cli, tmp_path):
    rules = tmp_path / "body.toml"
    rules.write_text(EIGHT.read_text(encoding="utf-8"), encoding="utf-8")
    meeting_id = cli.open(rules=rules)
    rules.write_text("garbage [", encoding="utf-8")
    assert cli("attend", "zhang").exit_code == 0
    assert Store(cli.records).meeting(meeting_id).rules.body.id == "test-bureau"


def test_list_meetings_filters(cli):
    cli.open(date="2024-03-05")
    cli.open(date="2025-01-10")
    cli("close")
    out = cli("list", "--year", "2025").stdout
    assert "2025-01-10" in out and "2024-03-05" not in out
    assert "2024-03-05" in cli("list", "--state", "open").stdout
    assert cli("list", "--state", "closed").stdout.count("\n") == 1


def test_chinese_messages(cli, meeting):
    result = cli("vote", "2", "-m", "hands", "--yes", "yang", lang="zh")
    assert "杨帆 未出席第 2 项" in result.stderr


def test_unknown_meeting_type_and_no_current_meeting(cli):
    result = cli("open", "tests/fixtures/eight.toml", "--type", "nope", "--date", "2024-03-05")
    assert result.exit_code == 2 and "party_group" in result.stderr
    assert "no current meeting" in cli("attend", "zhang").stderr


def test_meeting_type_members_limit_who_is_expected(cli, tmp_path):
    rules = tmp_path / "body.toml"
    rules.write_text(
        EIGHT.read_text(encoding="utf-8").replace(
            'chair_delegates = ["deputy"]\n',
            'chair_delegates = ["deputy"]\nmembers = ["zhang", "li", "wang", "zhao", "chen"]\n',
        ),
        encoding="utf-8",
    )
    meeting_id = cli.open(rules=rules, type="special")
    result = cli("attend", "zhang", "li", "wang")
    assert "(3/5 present)" in result.stdout
    refused = cli("attend", "huang")  # a body member, but not of this meeting type
    assert refused.exit_code == 2 and "no member 'huang'" in refused.stderr
    assert len(Store(cli.records).meeting(meeting_id).members) == 5


def test_signer_chair_and_unknown_type_member_in_rules(tmp_path):
    from yishi.rules import check_file, load

    text = EIGHT.read_text(encoding="utf-8")
    ok = tmp_path / "ok.toml"
    ok.write_text(text.replace('signer = "secretary"', 'signer = "chair"'), encoding="utf-8")
    rules = load(ok)
    mtype = rules.meeting_types["party_group"]
    assert rules.signer_for(mtype, "li").name == "李明"
    bad = tmp_path / "bad.toml"
    bad.write_text(
        text.replace(
            'chair_delegates = ["deputy"]\n',
            'chair_delegates = ["deputy"]\nmembers = ["zhang", "nobody"]\n',
        ),
        encoding="utf-8",
    )
    assert [p.code for p in check_file(bad)[1]] == ["UNKNOWN_REF"]


def test_set_corrects_meeting_facts(cli, meeting):
    assert cli("set", "--recorder", "周敏", "--place", "二楼会议室").exit_code == 0
    m = Store(cli.records).meeting(meeting)
    assert (m.recorder, m.place) == ("周敏", "二楼会议室")
    assert cli("set").exit_code == 2
    assert cli("set", "--time", "25:00").exit_code == 2
    assert cli("undo").exit_code == 0
    assert Store(cli.records).meeting(meeting).place == "三楼会议室"
