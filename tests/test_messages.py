"""Messages that once said the wrong thing (issue 9): each is now derived from the one
definition the decision used."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import EIGHT, Cli, run_ok
from yishi.zh import amount_text, amount_wan, decimal_text


def test_open_on_a_broken_rules_file_lists_every_problem_with_its_place(
    cli: Cli, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.toml"
    text = EIGHT.read_text(encoding="utf-8").replace("notice_days", "notice_dayz", 1)
    broken.write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "notice_dayz" in ln)
    result = cli("open", str(broken), "--type", "party_group", "--date", "2024-03-05")
    assert result.exit_code == 2
    assert f"{broken}:{line}:1: UNKNOWN_KEY" in result.output
    assert "notice_days" in result.output  # the did-you-mean hint
    assert not cli.records.exists() or not list(cli.records.glob("*.toml"))
    zh = cli("open", str(broken), "--type", "party_group", "--date", "2024-03-05", lang="zh")
    # like rules check, each line names the key path it is about (SPEC §8)
    assert f"{broken}:{line}:1: UNKNOWN_KEY meeting_types.party_group.notice_dayz: 未知的键" in (
        zh.output
    )


def test_an_unknown_opinion_word_says_what_opinions_exist(cli: Cli) -> None:
    cli.open()
    run_ok(cli, "attend", "zhang", "li", "wang", "zhao", "chen")
    run_ok(cli, "item", "add", "关于X", "--kind", "general")
    result = cli("opinion", "1", "li", "maybe")
    assert result.exit_code == 2
    assert "'maybe' is not an opinion" in result.output and "kind '-'" not in result.output


def test_reconsider_message_uses_the_rules_base(cli: Cli, tmp_path: Path) -> None:
    """voting.reconsider with of = "present": 5 present → more than half is 3, not 5 of 8."""
    rules = tmp_path / "present.toml"
    rules.write_text(
        EIGHT.read_text(encoding="utf-8").replace(
            'reconsider = { more_than = "1/2", of = "members" }',
            'reconsider = { more_than = "1/2", of = "present" }',
        ),
        encoding="utf-8",
    )
    cli.open(rules=rules)
    run_ok(cli, "attend", "zhang", "li", "wang", "zhao", "chen")
    run_ok(cli, "item", "add", "关于X", "--kind", "general")
    run_ok(cli, "vote", "1", "--method", "hands", "--yes", "zhang,li", "--no", "wang,zhao,chen")
    refused = run_ok(cli, "reconsider", "1", "--yes", "zhang,li")
    assert "(2/5, needs 3)" in refused.output
    granted = run_ok(cli, "reconsider", "1", "--yes", "zhang,li,wang")
    assert "(3/5)" in granted.output


def test_a_reclassifying_amount_prints_exact_decimals(cli: Cli, tmp_path: Path) -> None:
    rules = tmp_path / "half.toml"
    text = EIGHT.read_text(encoding="utf-8")
    assert "amount_at_least = 500\n" in text
    rules.write_text(
        text.replace("amount_at_least = 500\n", "amount_at_least = 500.5\n"), encoding="utf-8"
    )
    cli.open(rules=rules)
    result = run_ok(cli, "item", "add", "关于资金", "--kind", "general", "--amount", "1234567.5")
    assert "≥500.5" in result.output and "1001/2" not in result.output
    assert "e+06" not in result.output


@pytest.mark.parametrize(
    "value, plain, wan",
    [
        (Fraction(800), "800", "800元"),
        (Fraction(1001, 2), "500.5", "500.5元"),
        (Fraction(2350000), "2350000", "235万元"),
        (Fraction(85000), "85000", "8.5万元"),
        (Fraction(123456789), "123456789", "1.2346亿元"),
        (Fraction(1234567), "1234567", "123.4567万元"),
    ],
)
def test_amount_formatting_is_exact(value: Fraction, plain: str, wan: str) -> None:
    assert amount_text(value) == plain
    assert amount_wan(value) == wan


@given(st.integers(min_value=0, max_value=10**15), st.integers(min_value=0, max_value=99))
def test_decimal_text_round_trips_cents(yuan: int, cents: int) -> None:
    value = Fraction(yuan) + Fraction(cents, 100)
    assert Fraction(decimal_text(value)) == value


def test_an_opinion_on_a_per_candidate_item_names_its_candidate(cli: Cli) -> None:
    """逐个表决 (003 第十三条(四)): a position without --candidate on an item with several
    candidates would silently count for all of them: refused, nothing written."""
    meeting_id = cli.open()
    run_ok(cli, "attend", "zhang", "li", "wang", "zhao", "chen", "liu", "yang", "huang")
    run_ok(cli, "item", "add", "学习", "--kind", "study")
    run_ok(
        cli,
        "item",
        "add",
        "干部任免",
        "--kind",
        "personnel",
        "--candidate",
        "甲某",
        "--candidate",
        "乙某",
    )
    before = cli.record_bytes(meeting_id)
    refused = cli("opinion", "2", "liu", "agree")
    assert refused.exit_code == 2 and "--candidate" in refused.output and "甲某" in refused.output
    assert cli.record_bytes(meeting_id) == before
    assert run_ok(cli, "opinion", "2", "liu", "agree", "-c", "甲某").exit_code == 0
