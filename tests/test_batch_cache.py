"""The batch cache (yishi.batch_cache) is never trusted over the seal: a changed record,
a changed ledger or a planted entry is caught exactly as without it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import Cli, bench_gen

from yishi.batch_cache import Cache

ROOT = Path(__file__).parent.parent


@pytest.fixture
def year(tmp_path: Path) -> Cli:
    gen = bench_gen()
    records = tmp_path / "records"
    rules = tmp_path / "rules.toml"
    rules.write_text(gen.rules_text(2, 15), encoding="utf-8")
    gen.write_year(records, rules, 4, year=2024, items=3)
    cli = Cli(records)
    for _ in range(2):  # numbers and renders; then every head is cached too
        result = cli("batch", "--year", "2024", "-o", str(tmp_path / "warm"))
        assert result.exit_code == 0, result.output
    return cli


def outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def entries(records: Path, kind: str) -> list[Path]:
    return sorted((records / ".cache" / "batch").glob(f"*/*.{kind}"))


def test_warm_cache_holds_heads_and_outputs(year: Cli) -> None:
    assert len(entries(year.records, "head")) == 4
    assert len(entries(year.records, "out-minutes-md-full")) == 4


def test_a_changed_record_is_refused_with_a_warm_cache(year: Cli, tmp_path: Path) -> None:
    record = sorted(year.records.glob("*.toml"))[0]
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("同意", "不同意", 1), encoding="utf-8")
    out = tmp_path / "after-edit"
    result = year("batch", "--year", "2024", "-o", str(out))
    assert result.exit_code == 1, result.output
    assert "do not verify" in result.output and record.stem in result.output
    assert not out.exists()  # nothing written


def test_a_cut_ledger_is_caught_with_a_warm_cache(year: Cli, tmp_path: Path) -> None:
    (ledger,) = (year.records / ".ledger").glob("*")
    lines = ledger.read_bytes().splitlines(keepends=True)
    ledger.write_bytes(b"".join(lines[:2]))  # genesis and the first issue only
    result = year("batch", "--year", "2024", "-o", str(tmp_path / "cut"))
    assert result.exit_code == 1, result.output
    assert "do not verify" in result.output
    assert not (tmp_path / "cut").exists()


def test_planted_or_moved_entries_are_ignored(year: Cli, tmp_path: Path) -> None:
    expected = outputs(tmp_path / "warm")
    outs = entries(year.records, "out-minutes-md-full")
    # an entry of one record copied under another record's digest: its MAC names the first
    shutil.copy(outs[0], outs[1])
    # an entry rewritten by hand (no secret): its MAC no longer holds
    data = bytearray(outs[2].read_bytes())
    data[-5:] = b"XXXXX"
    outs[2].write_bytes(bytes(data))
    # a head claiming another meeting
    heads = entries(year.records, "head")
    shutil.copy(heads[0], heads[3])
    result = year("batch", "--year", "2024", "-o", str(tmp_path / "again"))
    assert result.exit_code == 0, result.output
    assert outputs(tmp_path / "again") == expected


def test_an_entry_is_bound_to_its_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(tmp_path / "records")
    cache.put("ab" * 32, "out-minutes-md-full", b"minutes")
    assert cache.get("ab" * 32, "out-minutes-md-full") == b"minutes"
    assert cache.get("ab" * 32, "out-minutes-html-full") is None
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "elsewhere"))  # another secret
    assert Cache(tmp_path / "records").get("ab" * 32, "out-minutes-md-full") is None
    assert Cache(tmp_path / "records", enabled=False).get("ab" * 32, "x") is None


def test_no_cache_neither_reads_nor_writes_it(year: Cli, tmp_path: Path) -> None:
    shutil.rmtree(year.records / ".cache")
    result = year("batch", "--year", "2024", "--no-cache", "-o", str(tmp_path / "plain"))
    assert result.exit_code == 0, result.output
    assert not (year.records / ".cache").exists()
    assert outputs(tmp_path / "plain") == outputs(tmp_path / "warm")


def test_verify_ignores_the_cache(year: Cli) -> None:
    for entry in entries(year.records, "head"):
        entry.write_bytes(b"garbage")
    assert year("verify", "--all").exit_code == 0


# ---------------------------------------------------------------- signatures found good


def test_signatures_found_good_are_remembered_and_not_verified_again(
    year: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm re-run verifies no signature again (the seal's and the ledger entry's of
    each of 4 meetings were found good before), and writes the same files."""
    from cryptography.hazmat.primitives.asymmetric import ed25519

    known = Cache(year.records).verified()
    assert len(known) == 8  # a seal and a ledger entry per meeting
    calls = []
    real = ed25519.Ed25519PublicKey.from_public_bytes

    def counted(data: bytes) -> ed25519.Ed25519PublicKey:
        calls.append(data)
        return real(data)

    monkeypatch.setattr(ed25519.Ed25519PublicKey, "from_public_bytes", counted)
    result = year("batch", "--year", "2024", "-o", str(tmp_path / "again"))
    assert result.exit_code == 0, result.output
    assert calls == []
    assert outputs(tmp_path / "again") == outputs(tmp_path / "warm")


def test_a_remembered_signature_by_a_key_no_longer_trusted_is_refused(
    year: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The memo says a signature is that key's, never that the key is trusted: with the
    office key no longer trusted, every record is refused, memo or not."""
    import os

    from yishi import keys

    assert Cache(year.records).verified()
    monkeypatch.setattr(keys, "_cache", {})  # (this process has the key in hand: forget it)
    monkeypatch.setattr(keys, "_TRUSTED_READ", {})
    home = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "yishi"
    trusted = home / "trusted.toml"
    text = trusted.read_text(encoding="utf-8")
    try:
        trusted.write_text("", encoding="utf-8")
        (home / "office.key").rename(home / "office.key.away")
        result = year("batch", "--year", "2024", "-o", str(tmp_path / "untrusted"))
        assert result.exit_code == 1, result.output
        assert "do not verify" in result.output
    finally:
        (home / "office.key.away").rename(home / "office.key")
        trusted.write_text(text, encoding="utf-8")


def test_the_memo_is_bound_to_its_secret_and_used_by_batch_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A memo file written without the secret is ignored, and `keys.check` outside a
    batch (yishi verify) verifies every signature, whatever a memo holds."""
    import hashlib

    from yishi import keys

    data = b"statement"
    sig = keys.sign(data)
    forged = {
        **sig,
        "sig": sig["sig"][:-4] + ("AAA=" if not sig["sig"].endswith("AAA=") else "BBB="),
    }
    assert keys.check(data, forged) == "bad"
    public = keys.parse_public(keys.office_key().public)
    import base64

    token = hashlib.sha256(public + base64.b64decode(forged["sig"]) + data).digest()
    with keys.remembering({token}):
        assert keys.check(data, forged) == "ok"  # what a memo is for: trusted arithmetic
    assert keys.check(data, forged) == "bad"  # and only within
    cache = Cache(tmp_path / "records")
    cache.add_verified(set(), [token])
    assert cache.verified() == {token}
    path = next((tmp_path / "records" / ".cache" / "batch").glob("*/verified.sigs"))
    path.write_bytes(b"\0" * 32 + token)  # planted without the secret
    assert cache.verified() == set()
