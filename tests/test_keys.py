"""The office key: made on first use under $XDG_CONFIG_HOME/yishi (0600), trusted here,
never in the records dir; `key show`, `key trust`, `key rotate` (old signatures still
verify); trust comes only from this machine's file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from yishi import keys


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    return tmp_path / "cfg" / "yishi"


def other_office(tmp_path: Path, monkeypatch) -> tuple[str, dict, bytes]:
    """Sign a message under another XDG_CONFIG_HOME; returns (public, signature, data)."""
    mine = os.environ["XDG_CONFIG_HOME"]
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "other"))
    data = "另一机关的文件".encode()
    sig = keys.sign(data)
    public = keys.office_key().public
    monkeypatch.setenv("XDG_CONFIG_HOME", mine)
    return public, sig, data


def test_key_made_on_first_use_private_and_trusted(home):
    assert not home.exists()
    sig = keys.sign(b"hello")
    key = keys.office_key()
    assert key.path == home / "office.key"
    assert stat.S_IMODE(key.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert sig["alg"] == "ed25519" and sig["key"] == key.id and len(key.id) == 16
    assert keys.check(b"hello", sig) == "ok"
    assert keys.check(b"hellO", sig) == "bad"
    assert keys.check(b"hello", {**sig, "sig": "!!"}) == "malformed"
    assert keys.check(b"hello", "nope") == "malformed"
    assert keys.trusted()[key.id].origin == "own"
    assert keys.office_key().id == key.id  # the same key on every later use


def test_default_home_is_dot_config(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert keys.home() == tmp_path / ".config" / "yishi"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/dir")  # the XDG spec: ignore relative
    assert keys.home() == tmp_path / ".config" / "yishi"


def test_a_key_readable_by_others_is_refused(home):
    keys.sign(b"x")
    keys.forget_cache()
    (home / "office.key").chmod(0o644)
    with pytest.raises(keys.KeyStoreError, match="chmod 600"):
        keys.sign(b"x")


def test_other_office_untrusted_until_trusted(home, tmp_path, monkeypatch):
    public, sig, data = other_office(tmp_path, monkeypatch)
    assert keys.check(data, sig) == "untrusted"
    trusted = keys.trust(public, "白城市政府办")
    assert trusted.id == sig["key"] and keys.check(data, sig) == "ok"
    assert keys.trust(public).name == "白城市政府办"  # idempotent
    # a public key given in the signature itself is never used: only the id is looked up
    forged = {**sig, "public": keys.office_key().public}
    assert keys.check(data + b"!", forged) == "bad"


def test_trusted_file_with_a_lying_id_is_refused(home, tmp_path, monkeypatch):
    public, sig, data = other_office(tmp_path, monkeypatch)
    keys.sign(b"x")
    path = home / "trusted.toml"
    path.write_text(
        path.read_text() + f'\n[keys."{sig["key"]}"]\npublic = "{keys.office_key().public}"\n',
        encoding="utf-8",
    )
    with pytest.raises(keys.KeyStoreError, match="damaged"):
        keys.check(data, sig)


def test_rotation_keeps_old_signatures_verifiable(home):
    old_sig = keys.sign(b"2024 record")
    old, new = keys.rotate()
    assert old.id != new.id and old_sig["key"] == old.id
    assert keys.office_key().id == new.id
    assert keys.check(b"2024 record", old_sig) == "ok"
    assert keys.sign(b"2025")["key"] == new.id
    trusted = keys.trusted()
    assert trusted[old.id].retired and not trusted[new.id].retired
    assert old.public not in (home / "office.key").read_text()
    keys.forget_cache()  # another process sees the new key too
    assert keys.office_key().id == new.id


def test_bad_public_key(home):
    for text in ("", "ed25519:", "ed25519:AAAA", "ssh-rsa AAAAB3Nza", "ed25519:" + "A" * 43):
        with pytest.raises(keys.KeyStoreError):
            keys.trust(text)


def test_key_dir_inside_records_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "records" / "cfg"))
    with pytest.raises(keys.KeyStoreError, match="inside the records"):
        keys.ensure_outside(tmp_path / "records")
    keys.ensure_outside(tmp_path / "elsewhere")


def test_key_commands(cli, tmp_path, monkeypatch):
    shown = cli("key", "show")
    assert shown.exit_code == 0, shown.output
    public = shown.stdout.splitlines()[-1]
    assert public.startswith("ed25519:") and "current" in shown.stdout
    other, sig, data = other_office(tmp_path, monkeypatch)
    trusted = cli("key", "trust", other, "--name", "兄弟单位")
    assert trusted.exit_code == 0 and sig["key"] in trusted.stdout
    bad = cli("key", "trust", "ed25519:xyz")
    assert bad.exit_code == 2 and "not an Ed25519 public key" in bad.stderr
    rotated = cli("key", "rotate")
    assert rotated.exit_code == 0 and "rotated" in rotated.stdout
    after = cli("key", "show", lang="zh")
    assert "已轮换" in after.stdout and "兄弟单位" in after.stdout
    assert after.stdout.splitlines()[-1] != public


def test_a_trusted_file_rewritten_in_place_is_read_again(home, tmp_path, monkeypatch):
    """The trusted file is parsed once per state of the file, but a file changed just
    before it was read is compared again on every check: one key swapped for another in
    place (same size, same inode, within one clock tick) is seen at once."""
    first_public, first_sig, first_data = other_office(tmp_path, monkeypatch)
    mine = os.environ["XDG_CONFIG_HOME"]
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "third"))
    second_data = b"third office"
    second_sig = keys.sign(second_data)
    second_public = keys.office_key().public
    monkeypatch.setenv("XDG_CONFIG_HOME", mine)
    keys.trust(first_public, "甲")
    assert keys.check(first_data, first_sig) == "ok"
    path = home / "trusted.toml"
    text = path.read_text(encoding="utf-8")
    swapped = text.replace(first_sig["key"], second_sig["key"]).replace(first_public, second_public)
    assert len(swapped) == len(text) and swapped != text
    inode = path.stat().st_ino
    with open(path, "r+", encoding="utf-8") as handle:  # in place: the inode stays
        handle.write(swapped)
    assert path.stat().st_ino == inode and path.stat().st_size == len(text.encode())
    assert keys.check(first_data, first_sig) == "untrusted"
    assert keys.check(second_data, second_sig) == "ok"


def test_a_settled_trusted_file_is_not_read_for_every_check(home, tmp_path, monkeypatch):
    """(Why the memo is there: a batch checks three signatures a meeting.) A file that
    changed well before it was read is taken from the memo while its state holds; a
    rewrite (new size or inode) is read again."""
    public, sig, data = other_office(tmp_path, monkeypatch)
    keys.trust(public, "乙")
    monkeypatch.setattr("yishi.safeio.SETTLED_NS", -(10**12))  # every read counts as settled
    keys.check(data, sig)
    reads = []
    real = Path.read_bytes

    def counted(self: Path) -> bytes:
        reads.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counted)
    for _ in range(5):
        assert keys.check(data, sig) == "ok"
    assert "trusted.toml" not in reads
    path = home / "trusted.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a note\n", encoding="utf-8")
    assert keys.check(data, sig) == "ok"
    assert reads.count("trusted.toml") == 1
