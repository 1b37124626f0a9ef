"""The sample rules files in sample_configs/ are valid and encode the seeds' key rules."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from fractions import Fraction
from pathlib import Path

import pytest

from yishi import rules

SAMPLES = Path(__file__).resolve().parents[1] / "sample_configs"
FILES = sorted(SAMPLES.glob("*.toml"))
EXPECTED = {
    "qu-government-party-group.toml",
    "hlj-jiguan-party-group.toml",
    "hlj-jiguan-office.toml",
    "hlj-jiguan-party-committee.toml",
    "liaoning-jiguan-party-group.toml",
    "baicheng-office-party-group.toml",
    "baicheng-office-director-meeting.toml",
    "xining-chengzhong-hrss-party-group.toml",
    "tianjin-jiguan.toml",
}


def load(name: str) -> rules.Rules:
    return rules.load(SAMPLES / name)


def test_all_expected_files_present():
    assert EXPECTED <= {p.name for p in FILES}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_check_file_has_no_problems(path: Path):
    merged, problems = rules.check_file(path)
    assert merged is not None
    assert [f"{p.file}:{p.line}:{p.col}: {p.code} {p.params}" for p in problems] == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_rules_check_cli_exits_zero(path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "yishi", "rules", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_sample_conventions(path: Path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#"), "header comment citing the seed document"
    assert "半数以上" in text and "at_least" in text, "states its reading of 半数以上"
    assert "#:schema" not in text
    loaded = rules.load(path)
    assert loaded.body.source
    ranks = sorted(m.rank for m in loaded.members)
    assert 5 <= len(ranks) <= 11
    assert ranks == list(range(1, len(ranks) + 1))
    assert all(m.id.isascii() for m in loaded.members)
    assert len({m.id for m in loaded.members}) == len(loaded.members)
    # the file is named after its body id
    raw = tomllib.loads(text)
    assert raw["body"]["id"] == path.stem


def test_body_ids_unique():
    ids = [rules.load(p).body.id for p in FILES]
    assert len(ids) == len(set(ids))


def test_baicheng_party_group_personnel():
    r = load("baicheng-office-party-group.toml")
    personnel = r.item_kinds["personnel"]
    assert personnel.quorum == rules.Threshold("at_least", Fraction(2, 3), "members")
    assert personnel.per_candidate is True
    assert personnel.materials_in_advance is False
    assert personnel.ad_hoc is False
    assert personnel.opinions == ("agree", "disagree", "defer")
    assert personnel.pass_ == rules.Threshold("more_than", Fraction(1, 2), "members")
    assert r.reconsider_for(personnel) == rules.Threshold("more_than", Fraction(1, 2), "members")
    # 6 members: 2/3 quorum needs 4, passing needs 4 yes votes
    assert len(r.members) == 6
    assert personnel.quorum.required(6) == 4
    assert personnel.pass_.required(6) == 4


def test_baicheng_three_important_and_chair_last():
    r = load("baicheng-office-party-group.toml")
    for kind_id in ("major_decision", "major_project", "large_fund", "personnel"):
        kind = r.item_kinds[kind_id]
        assert kind.quorum == rules.Threshold("at_least", Fraction(2, 3), "members"), kind_id
        assert kind.in_charge_present is True
        assert r.chair_last_for(kind) is True  # 末位表态 for 三重一大
    assert r.chair_last_for(r.item_kinds["general"]) is False
    # 大额资金的支出500元以上（含500元）
    assert r.kind_for_amount(Fraction(500)).id == "large_fund"
    assert r.kind_for_amount(Fraction(499)) is None
    assert r.voting.absent_opinions_count is False
    assert r.voting.split_defer_margin == 1
    party_group = r.meeting_types["party_group"]
    assert party_group.frequency is None  # 不定期召开
    assert party_group.quorum.required(6) == 3
    assert [m.id for m in r.holders(party_group.chair)] == ["zhangwei"]


def test_baicheng_director_meeting_is_not_voted():
    r = load("baicheng-office-director-meeting.toml")
    meeting = r.meeting_types["director_meeting"]
    assert meeting.frequency == (1, "month")
    assert all(not kind.vote for kind in r.item_kinds.values())
    assert "{seq}" in meeting.number_format


def test_tianjin_has_three_meeting_types():
    r = load("tianjin-jiguan.toml")
    assert set(r.meeting_types) == {"party_group", "office_meeting", "special_topic"}
    assert r.meeting_types["party_group"].signer == "secretary"
    assert r.meeting_types["office_meeting"].signer == "director"
    assert r.meeting_types["special_topic"].frequency is None
    for type_id in ("party_group", "office_meeting"):
        assert r.meeting_types[type_id].frequency == (1, "month")
        assert r.meeting_types[type_id].quorum == rules.Threshold("at_least", Fraction(1, 2))
    formats = {t.number_format for t in r.meeting_types.values()}
    assert len(formats) == 3
    assert not r.item_kinds["office_matter"].vote


def test_hlj_party_group():
    r = load("hlj-jiguan-party-group.toml")
    party_group = r.meeting_types["party_group"]
    assert party_group.first_item == "study"
    assert party_group.notify == ("派驻纪检监察组",)
    assert party_group.signer == "secretary"
    personnel = r.item_kinds["personnel"]
    assert personnel.opinion_order == "reverse_rank"
    assert personnel.ad_hoc is False and personnel.materials_in_advance is False
    assert personnel.opinions_required is True
    assert r.meeting_types["study_group"].frequency == (1, "quarter")
    assert r.item_kinds["large_fund"].amount_at_least is None  # amount redacted in the seed


def test_hlj_office_and_committee():
    office = load("hlj-jiguan-office.toml")
    assert set(office.meeting_types) == {"office_meeting", "special_topic"}
    assert all(not kind.vote for kind in office.item_kinds.values())
    committee = load("hlj-jiguan-party-committee.toml")
    meeting = committee.meeting_types["party_committee"]
    assert meeting.first_item == "study" and meeting.notice_days == 1
    assert committee.item_kinds["personnel"].per_candidate is True
    assert committee.item_kinds["large_fund"].notify == ("派驻纪检监察组",)
    assert committee.voting.methods == ("oral", "hands", "secret")


def test_liaoning_democratic_life():
    r = load("liaoning-jiguan-party-group.toml")
    life = r.meeting_types["democratic_life"]
    assert life.absent_statement is True
    assert life.frequency == (1, "year")
    assert r.meeting_types["party_group"].notice_days == 2
    assert r.meeting_types["party_group"].signer == "secretary"
    assert "study_group" in r.meeting_types
    assert r.item_kinds["criticism"].vote is False


def test_xining():
    r = load("xining-chengzhong-hrss-party-group.toml")
    life = r.meeting_types["democratic_life"]
    assert life.quorum == rules.Threshold("at_least", Fraction(2, 3), "members")
    assert life.absent_statement is True
    assert r.kind_for_amount(Fraction(3000)).id == "large_fund"
    for kind_id in ("major_decision", "major_project", "large_fund", "personnel"):
        assert r.item_kinds[kind_id].notify == ("区纪委监委第三派驻纪检监察组",)
    assert r.item_kinds["personnel"].per_candidate is True
    assert [m.id for m in r.holders("party_building")] == ["lixiuying"]


def test_qu_government():
    r = load("qu-government-party-group.toml")
    assert r.meeting_types["party_group"].frequency == (1, "month")
    assert r.meeting_types["democratic_life"].frequency == (1, "year")
    assert r.meeting_types["party_group"].chair_delegates == ("deputy",)
    assert r.meeting_types["party_group"].first_item is None
