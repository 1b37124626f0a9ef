"""Amounts as a secretary types them (18.6万, 186,000, 186000元): exact, bounded, and
refused in constant time when hostile (1e10000000, 10^400/3, negative, absurdly long)."""

from __future__ import annotations

import time
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yishi import amount
from yishi.errors import InputError
from yishi.store import Store


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("800", 800),
        ("186000", 186000),
        ("186,000", 186000),
        ("186000元", 186000),
        ("18.6万", 186000),
        ("8.5万元", 85000),
        ("1.2亿", 120_000_000),
        ("800.50", Fraction(1601, 2)),
        ("499.99", Fraction(49999, 100)),
        ("１８.６万", 186000),
        ("1,234,567.5", Fraction(2469135, 2)),
        (" 800 ", 800),
        ("0", 0),
        ("0.0001万", 1),
    ],
)
def test_accepted_amounts_are_exact(text: str, value: Fraction) -> None:
    assert amount.parse(text) == value
    assert amount.parse(amount.canonical(amount.parse(text))) == value


@pytest.mark.parametrize(
    "text",
    [
        "1e6",
        "1E6",
        "1e10000000",
        "1e100000000",
        "10^400/3",
        "10/3",
        "-5",
        "-1万",
        "+5",
        "1.5e3",
        "inf",
        "nan",
        "0x10",
        "1_000",
        "12,34",
        "1,2345",
        "",
        "万",
        "元",
        "1..2",
        ".5",
        "5.",
        "1" * 16,
        "9" * 16 + "元",
        "1" * 100_000,
        "0.001",
        "1.23456789012万",
        "１e６",
        "1万万",
    ],
)
def test_refused_amounts(text: str) -> None:
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        amount.parse(text)
    assert info.value.key.startswith("amount.")
    # a hang guard, not a timing target: expanding 10**100000000 would take hours
    assert time.perf_counter() - started < 20


@given(st.integers(min_value=0, max_value=10**15 - 1), st.integers(min_value=0, max_value=99))
def test_canonical_round_trips(yuan: int, fen: int) -> None:
    value = Fraction(yuan) + Fraction(fen, 100)
    text = amount.canonical(value)
    assert amount.parse(text) == value
    assert "e" not in text and "/" not in text


@given(st.integers(min_value=0, max_value=10**11 - 1), st.integers(min_value=0, max_value=9999))
def test_wan_is_ten_thousand_yuan(whole: int, frac: int) -> None:
    text = f"{whole}.{frac:04d}万"
    assert amount.parse(text) == (Fraction(whole) + Fraction(frac, 10_000)) * 10_000


@given(st.text(max_size=60))
def test_anything_typed_is_parsed_or_refused_cleanly(text: str) -> None:
    try:
        value = amount.parse(text)
    except InputError as exc:
        assert exc.key.startswith("amount.")
    else:
        assert value >= 0 and value < 10**15 and (value * 100).denominator == 1


def test_record_amounts_of_yishi_0_1_still_load() -> None:
    assert amount.from_record("1e6") == 1_000_000
    assert amount.from_record("10/3") == Fraction(10, 3)
    with pytest.raises(InputError):
        amount.from_record("1e10000000")  # a hostile hand-edited record: refused, fast


def test_item_add_accepts_chinese_amounts_and_stores_them_plainly(cli) -> None:
    meeting_id = cli.open()
    result = cli("item", "add", "关于购置", "--kind", "general", "--amount", "18.6万")
    assert result.exit_code == 0, result.output
    for typed in ("186,000", "186000元", "8.5万元"):
        assert (
            cli("item", "add", "关于购置" + typed, "--kind", "general", "--amount", typed).exit_code
            == 0
        )
    store = Store(cli.records)
    items = store.meeting(meeting_id).items
    assert [i.amount for i in items] == [186000, 186000, 186000, 85000]
    assert [e["amount"] for e in store.read(meeting_id)["log"]] == ["186000"] * 3 + ["85000"]
    assert items[0].kind == "large_fund"  # 186000 >= 500: reclassified, exactly


@pytest.mark.parametrize("typed", ["1e6", "1e10000000", "10^400/3", "-5", "1" * 5000])
def test_item_add_refuses_hostile_amounts_quickly_and_writes_nothing(cli, typed: str) -> None:
    meeting_id = cli.open()
    before = cli.record_bytes(meeting_id)
    started = time.perf_counter()
    result = cli("item", "add", "关于购置", "--kind", "general", "--amount", typed)
    assert time.perf_counter() - started < 20  # a hang guard, generous for a loaded CI
    assert result.exit_code == 2
    assert "invalid amount" in result.output or "too long" in result.output
    assert "Traceback" not in result.output
    assert cli.record_bytes(meeting_id) == before
    zh = cli("item", "add", "关于购置", "--kind", "general", "--amount", typed, lang="zh")
    assert zh.exit_code == 2 and "金额" in zh.output


@pytest.mark.parametrize("hostile", ["1e10000000", "1e100000000", "10^400/3", "9" * 5000])
def test_a_hand_edited_hostile_amount_is_refused_fast_by_every_later_command(cli, hostile) -> None:
    meeting_id = cli.open()
    assert cli("item", "add", "关于购置", "--kind", "general", "--amount", "800").exit_code == 0
    path = cli.records / f"{meeting_id}.toml"
    text = path.read_text(encoding="utf-8")
    assert 'amount = "800"' in text
    path.write_text(text.replace('amount = "800"', f'amount = "{hostile}"'), encoding="utf-8")
    for args in (("status",), ("check",), ("attend", "zhang")):
        started = time.perf_counter()
        result = cli(*args)
        assert time.perf_counter() - started < 20, args  # a hang guard
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output


def test_core_modules_of_the_console_never_import_the_cli_framework() -> None:
    import subprocess
    import sys

    code = (
        "import sys, yishi.amount, yishi.fix; print(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('typer', 'rich', 'click')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip() == "[]", proc.stdout
