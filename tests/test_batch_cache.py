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


def rerun(year: Cli, tmp_path: Path) -> dict[str, bytes]:
    """Run the batch again, into `again`: what it wrote (it must succeed)."""
    result = year("batch", "--year", "2024", "-o", str(tmp_path / "again"))
    assert result.exit_code == 0, result.output
    return outputs(tmp_path / "again")


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
    assert rerun(year, tmp_path) == expected


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
    assert rerun(year, tmp_path) == outputs(tmp_path / "warm")
    assert calls == []


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


# ---------------------------------------------------------------- what a warm run skips


def test_a_warm_run_reads_each_record_and_ledger_once(
    year: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every file in the cache, the render pass does not read the record again
    (its files are those of the bytes the scan verified), and the ledger the recovery
    read under its lock is the one verification uses."""
    from yishi import batch, ledger
    from yishi.store import Store

    raws, loads, rendering = [], [], []
    real_raw, real_load, real_render = Store.raw, ledger.load, batch.render_all

    def render_all(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - as batch.render_all
        rendering.append(len(raws))
        return real_render(*args, **kwargs)

    def raw(self: Store, mid: str) -> bytes:
        raws.append(mid)
        return real_raw(self, mid)

    def load(root: Path, body: str):  # noqa: ANN202 - as ledger.load
        loads.append(body)
        return real_load(root, body)

    monkeypatch.setattr(Store, "raw", raw)
    monkeypatch.setattr(ledger, "load", load)
    monkeypatch.setattr(ledger, "_CACHE", {})
    monkeypatch.setattr(batch, "render_all", render_all)
    monkeypatch.setattr("yishi.safeio.SETTLED_NS", -(10**12))  # (records written just now)
    assert rerun(year, tmp_path) == outputs(tmp_path / "warm")
    assert rendering == [len(raws)]  # none read while rendering
    assert len(set(raws)) == 4
    assert len(loads) == len(set(loads)) == 1


def test_a_record_changed_after_its_files_were_cached_is_rendered_anew(
    year: Cli, tmp_path: Path
) -> None:
    """The cached files belong to the bytes they were made from: a record amended since
    (new bytes, a new generation of its seal) gets files of its own."""
    from yishi.store import Store

    store = Store(year.records)
    mid = store.ids(2024)[0]
    before = outputs(tmp_path / "warm")
    result = year("amend", mid, "会议地点更正为第二会议室")
    assert result.exit_code == 0, result.output
    result = year("batch", "--year", "2024", "-o", str(tmp_path / "after"))
    assert result.exit_code == 0, result.output
    after = outputs(tmp_path / "after")
    changed = [name for name in before if before[name] != after[name]]
    assert len(changed) == 1 and "第二会议室".encode() in after[changed[0]]


def test_a_record_changed_between_scan_and_render_is_judged_on_its_new_bytes(
    year: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its cached files are for the bytes the scan verified: a record edited after the
    scan (without a new seal) is read again, refused, and gets no file."""
    from yishi import batch
    from yishi.store import Store

    monkeypatch.setattr("yishi.safeio.SETTLED_NS", -(10**12))
    mid = Store(year.records).ids(2024)[1]
    victim = year.records / f"{mid}.toml"
    original = batch.render_all

    def tamper_then_render(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        text = victim.read_text(encoding="utf-8")
        victim.write_text(text.replace('recorder = "', 'recorder = "改', 1), encoding="utf-8")
        return original(*args, **kwargs)

    monkeypatch.setattr(batch, "render_all", tamper_then_render)
    out = tmp_path / "tampered"
    result = year("batch", "--year", "2024", "-o", str(out))
    assert result.exit_code == 2, result.output
    assert mid in result.output
    assert len(list(out.iterdir())) == 3


def test_store_holds_what_it_read_only_while_the_file_keeps_its_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib
    import time

    from yishi.store import Store

    store = Store(tmp_path)
    path = tmp_path / "2024-01-05-b-t-1.toml"
    path.write_bytes(b"format = 1\n")
    digest = hashlib.sha256(store.raw("2024-01-05-b-t-1")).hexdigest()
    store.saw("2024-01-05-b-t-1", digest)
    assert not store.holds("2024-01-05-b-t-1", digest)  # written just now: racily clean
    monkeypatch.setattr("yishi.safeio.SETTLED_NS", -(10**12))
    assert store.holds("2024-01-05-b-t-1", digest)
    assert not store.holds("2024-01-05-b-t-1", "0" * 64)  # other bytes
    time.sleep(0.02)  # (past a clock tick: with SETTLED_NS as in yishi, the read's own)
    with open(path, "r+b") as handle:  # the same size, in place: its change time moves
        handle.write(b"format = 2\n")
    assert not store.holds("2024-01-05-b-t-1", digest)


def test_no_progress_bar_off_a_terminal(year: Cli, tmp_path: Path) -> None:
    """A log or a pipe gets the summary, not a bar drawn once at the end."""
    result = year("batch", "--year", "2024", "-o", str(tmp_path / "piped"))
    assert result.exit_code == 0, result.output
    assert "━" not in result.output and "rendering" not in result.output
    assert "file(s) written" in result.output


# ---------------------------------------------------------------- the code fingerprint


@pytest.fixture
def code_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Cache.code over three files of a test's own instead of yishi's."""
    from yishi import batch_cache

    files = []
    for name in ("a.py", "b.j2", "c.toml"):
        path = tmp_path / "code" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"# {name}\n", encoding="utf-8")
        files.append(path)
    monkeypatch.setattr(batch_cache, "_code_files", lambda: [(p.name, str(p)) for p in files])
    return files


def hashed_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from yishi import batch_cache

    calls: list[int] = []
    real = batch_cache._hashed

    def counted(files: list[tuple[str, str]]) -> str:
        calls.append(len(files))
        return real(files)

    monkeypatch.setattr(batch_cache, "_hashed", counted)
    return calls


def test_the_code_fingerprint_is_kept_per_state_of_the_files(
    code_files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yishi import batch_cache

    monkeypatch.setattr(batch_cache, "_SETTLED_NS", -(10**12))  # (files made just now)
    calls = hashed_calls(monkeypatch)
    records = tmp_path / "records"
    first = Cache(records).code()
    assert first == batch_cache.fingerprint() and calls == [3, 3]
    assert Cache(records).code() == first and len(calls) == 2  # the memo: no hashing
    code_files[1].write_text("# b.j2, edited\n", encoding="utf-8")
    edited = Cache(records).code()
    assert edited != first and edited == batch_cache.fingerprint()
    # a memo planted without the secret is not taken
    for memo in (records / ".cache" / "batch").glob("*/*.code"):
        memo.write_bytes(b"\0" * 32 + first.encode())
    assert Cache(records).code() == edited


def test_files_changed_just_now_are_hashed_every_time(
    code_files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file changed within a second of a run could change again within one clock tick
    and keep its times: no memo is kept until every file has settled."""
    calls = hashed_calls(monkeypatch)
    records = tmp_path / "records"
    assert Cache(records).code() == Cache(records).code()
    assert calls == [3, 3]
    assert not list((records / ".cache").rglob("*.code"))


# --- records that passed their signature and ledger checks (batch_cache.Passes)


def checks_counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from yishi import integrity

    calls: list[str] = []
    real = integrity.beyond_digests

    def counted(store, result, seal, header, **kw):  # type: ignore[no-untyped-def]
        calls.append(str(header.get("id")))
        return real(store, result, seal, header, **kw)

    monkeypatch.setattr(integrity, "beyond_digests", counted)
    return calls


def test_records_that_passed_are_not_checked_again_under_the_same_world(
    year: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (entry,) = entries(year.records, "passed")
    assert len(entry.read_bytes()) == 32 + 32 + 4 * 32  # HMAC, the world, 4 records
    calls = checks_counted(monkeypatch)
    assert rerun(year, tmp_path) == outputs(tmp_path / "warm")
    assert calls == []


def test_a_new_ledger_entry_makes_every_record_checked_again(
    year: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Voiding a number appends to the ledger: another world, so every cached record is
    checked again, and the one whose entry is void is refused."""
    from yishi import ledger as ledgers
    from yishi.store import Store

    store = Store(year.records)
    (body,) = ledgers.bodies(year.records)
    with ledgers.transaction(store, body) as tx:
        tx.append({"op": "void", "entry": 1, "reason": "test"})
    calls = checks_counted(monkeypatch)
    result = year("batch", "--year", "2024", "-o", str(tmp_path / "voided"))
    assert result.exit_code == 1, result.output
    assert "do not verify" in result.output
    assert len(calls) == 4


def test_what_the_witness_says_is_part_of_the_world(year: Cli, tmp_path: Path) -> None:
    """The witness file (the head this machine last wrote to the ledger) said more
    entries than the ledger holds: a ledger cut short, refused though every record
    passed before."""
    import os

    from yishi import toml_read
    from yishi.toml_write import dumps

    home = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "yishi"
    witness = home / "ledgers.toml"
    before = witness.read_text(encoding="utf-8")
    seen = toml_read.loads(before)
    for head in seen["ledgers"].values():
        head["entries"] += 1
    try:
        witness.write_text(dumps(seen), encoding="utf-8")
        result = year("batch", "--year", "2024", "-o", str(tmp_path / "witnessed"))
        assert result.exit_code == 1, result.output
        assert "do not verify" in result.output
    finally:
        witness.write_text(before, encoding="utf-8")
