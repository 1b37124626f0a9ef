"""The office's signing key (Ed25519, through `cryptography`) and the keys this machine trusts.

Small API for every part of yishi that signs (seals, the ledger of numbers, follow-up logs):

    sig = keys.sign(data)            # {"alg": "ed25519", "key": KEY_ID, "sig": BASE64}
    keys.check(data, sig)            # "ok" | "untrusted" | "bad" | "malformed"
    keys.office_key().id             # this office's key id (16 hex digits)

The key lives under `$XDG_CONFIG_HOME/yishi/` (default `~/.config/yishi/`), never in a
records directory:

- `office.key`: the private key (PKCS#8 PEM, mode 0600, made on first use; a key file that
  others can read is refused, like ssh does);
- `trusted.toml`: the public keys this machine trusts, by id: its own (the current one and
  those replaced by `yishi key rotate`, kept so that old signatures still verify) and other
  offices' (`yishi key trust`). Trust comes only from here, never from a record: a signature
  names its key by id, and the public key used to check it is the one in this file.

A key id is the first 16 hex digits of SHA-256 over the raw 32-byte public key; a public key
is written `ed25519:BASE64` (what `yishi key show` prints and `yishi key trust` takes).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import fcntl
import functools
import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yishi.errors import YishiError
from yishi.safeio import file_state, settled

ALG = "ed25519"
PRIVATE = "office.key"
TRUSTED = "trusted.toml"
PREFIX = "ed25519:"


class KeyStoreError(YishiError):
    """The key directory or a key cannot be used (exit 2, nothing signed)."""


def home() -> Path:
    """$XDG_CONFIG_HOME/yishi, else ~/.config/yishi."""
    return _home_of(os.environ.get("XDG_CONFIG_HOME") or "", os.environ.get("HOME", ""))


@functools.lru_cache(maxsize=8)
def _home_of(base: str, _home: str) -> Path:
    # (memoized per environment: a batch asks for it several times a meeting)
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".config"
    return root / "yishi"


def home_file(name: str) -> Path:
    """home() / name."""
    return _named(home(), name)


@functools.lru_cache(maxsize=32)
def _named(root: Path, name: str) -> Path:
    # (built once: a batch asks for the trusted file and the witness several times a
    # meeting; a Path keeps its str once made)
    return root / name


def key_id(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def public_text(raw: bytes) -> str:
    return PREFIX + base64.b64encode(raw).decode("ascii")


def parse_public(text: str) -> bytes:
    """The raw 32 bytes of an `ed25519:BASE64` public key (KeyStoreError otherwise)."""
    body = text.strip()
    if body.startswith(PREFIX):
        body = body[len(PREFIX) :]
    try:
        raw = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise KeyStoreError("key.bad_public", key=text[:80])
    return raw


@dataclass(frozen=True)
class TrustedKey:
    id: str
    public: str  # ed25519:BASE64
    origin: str  # own | trusted
    name: str = ""
    added: str = ""
    retired: str = ""  # own keys replaced by `yishi key rotate`


class OfficeKey:
    """The private key of this office (loaded from `office.key`)."""

    def __init__(self, private: Any, path: Path) -> None:
        from cryptography.hazmat.primitives import serialization

        self._private = private
        self.path = path
        self.raw_public = private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.id = key_id(self.raw_public)
        self.public = public_text(self.raw_public)
        self.identity = _identity(path)

    def sign(self, data: bytes) -> dict[str, str]:
        sig = self._private.sign(data)
        return {"alg": ALG, "key": self.id, "sig": base64.b64encode(sig).decode("ascii")}


# ---------------------------------------------------------------------------- files


@contextlib.contextmanager
def _locked() -> Iterator[Path]:
    root = home()
    try:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(root / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise KeyStoreError(
            "key.dir_failed", path=str(root), error=exc.strerror or str(exc)
        ) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield root
    finally:
        os.close(fd)


def _write(path: Path, data: bytes, mode: int) -> None:
    """Atomic: a temp file (created with `mode`), fsynced, renamed over `path`."""
    tmp = path.parent / f".{path.name}.tmp-{os.getpid()}-{os.urandom(3).hex()}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise KeyStoreError(
            "key.write_failed", path=str(path), error=exc.strerror or str(exc)
        ) from None


_TRUSTED_READ: dict[str, tuple[tuple[int, ...], bytes, bool, dict[str, TrustedKey]]] = {}


def _read_trusted(root: Path) -> dict[str, TrustedKey]:
    """The trusted keys file, parsed once per state of the file within a process (see
    _trusted_now). A copy, so callers may add to it."""
    return dict(_trusted_now(root))


def _trusted_now(root: Path) -> dict[str, TrustedKey]:
    """The trusted keys file as it is now, parsed once per state of the file within a
    process (a batch checks two signatures a meeting): its size, inode and times, taken
    before it is read. A file that had not settled when it was read
    (yishi.safeio.settled) is read and compared again every time. Not to be changed: the
    memo's own dict."""
    path = str(_named(root, TRUSTED))
    try:
        state = file_state(os.stat(path))
    except OSError:
        return _parse_trusted(root)  # says what is wrong (or {} when there is none)
    hit = _TRUSTED_READ.get(path)
    if hit is not None and hit[0] == state and hit[2]:
        return hit[3]
    now_settled = settled(state, time.time_ns())
    try:
        data = Path(path).read_bytes()
    except OSError:
        return _parse_trusted(root)
    if hit is not None and hit[0] == state and hit[1] == data:
        keys = hit[3]
    else:
        keys = _parse_trusted(root, data)
    _TRUSTED_READ[path] = (state, data, now_settled, keys)
    return keys


def _parse_trusted(root: Path, raw: bytes | None = None) -> dict[str, TrustedKey]:
    from yishi import toml_read as tomllib

    path = root / TRUSTED
    try:
        text = path.read_text(encoding="utf-8") if raw is None else raw.decode("utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise KeyStoreError("key.trusted_damaged", path=str(path)) from None
    out: dict[str, TrustedKey] = {}
    table = data.get("keys", {})
    for kid, entry in table.items() if isinstance(table, dict) else ():
        if not isinstance(entry, dict) or not isinstance(entry.get("public"), str):
            raise KeyStoreError("key.trusted_damaged", path=str(path))
        raw = parse_public(entry["public"])
        if key_id(raw) != kid:  # a hand-edited id would let one key pose as another
            raise KeyStoreError("key.trusted_damaged", path=str(path))
        out[kid] = TrustedKey(
            kid,
            public_text(raw),
            str(entry.get("origin", "trusted")),
            str(entry.get("name", "")),
            str(entry.get("added", "")),
            str(entry.get("retired", "")),
        )
    return out


def _save_trusted(root: Path, keys: dict[str, TrustedKey]) -> None:
    import tomli_w

    table = {}
    for kid, k in keys.items():
        entry = {
            "public": k.public,
            "origin": k.origin,
            "name": k.name,
            "added": k.added,
            "retired": k.retired,
        }
        table[kid] = {key: value for key, value in entry.items() if value}
    head = (
        "# yishi: the public keys this machine trusts (own = this office's keys,\n"
        "# including those replaced by `yishi key rotate`). Edit with `yishi key trust`.\n"
    )
    _write(root / TRUSTED, (head + tomli_w.dumps({"keys": table})).encode("utf-8"), 0o644)


def _load_private(path: Path) -> Any:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        st = path.stat()
        data = path.read_bytes()
    except OSError as exc:
        raise KeyStoreError(
            "key.unreadable", path=str(path), error=exc.strerror or str(exc)
        ) from None
    if st.st_mode & 0o077:
        raise KeyStoreError("key.too_open", path=str(path), mode=oct(st.st_mode & 0o777))
    try:
        private = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise KeyStoreError("key.damaged", path=str(path)) from None
    if not isinstance(private, Ed25519PrivateKey):
        raise KeyStoreError("key.damaged", path=str(path))
    return private


def _new_private(path: Path) -> Any:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _write(path, pem, 0o600)
    return private


def _stamp() -> str:
    from yishi.clock import stamp

    return stamp()


def _register_own(root: Path, key: OfficeKey, trusted: dict[str, TrustedKey]) -> None:
    if key.id not in trusted or trusted[key.id].origin != "own" or trusted[key.id].retired:
        trusted[key.id] = TrustedKey(key.id, key.public, "own", "", _stamp())
        _save_trusted(root, trusted)


# ---------------------------------------------------------------------------- API

_cache: dict[str, OfficeKey] = {}


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


def _same_file(key: OfficeKey, path: Path) -> bool:
    """The cached key is still the one on disk (another process may have rotated it)."""
    return key.identity is not None and key.identity == _identity(path)


def office_key(*, create: bool = True) -> OfficeKey:
    """This office's key; made (and trusted) on first use unless create=False."""
    root = home()
    path = root / PRIVATE
    cached = _cache.get(str(path))
    if cached is not None and _same_file(cached, path):
        return cached
    if not path.exists():
        if not create:
            raise KeyStoreError("key.none", path=str(path))
        with _locked():
            if not path.exists():  # another process may have made it meanwhile
                key = OfficeKey(_new_private(path), path)
                _register_own(root, key, _read_trusted(root))
    key = OfficeKey(_load_private(path), path)
    if key.id not in _read_trusted(root):
        with _locked():
            _register_own(root, key, _read_trusted(root))
    _cache[str(path)] = key
    return key


def sign(data: bytes) -> dict[str, str]:
    """Sign `data` with the office key (made on first use)."""
    return office_key().sign(data)


def _own_loaded(root: Path) -> OfficeKey | None:
    """The office key, if this process has loaded it (trusted as its own: see trusted)."""
    return _cache.get(str(_named(root, PRIVATE)))


def trusted() -> dict[str, TrustedKey]:
    """Every key this machine trusts, by id (the file, plus the current office key)."""
    root = home()
    keys = _read_trusted(root)
    cached = _own_loaded(root)
    if cached is not None and cached.id not in keys:
        keys[cached.id] = TrustedKey(cached.id, cached.public, "own")
    return keys


def _trusted_public(kid: str) -> str | None:
    """`trusted().get(kid).public`, without copying the trusted keys (asked twice a
    meeting by a batch)."""
    root = home()
    known = _trusted_now(root).get(kid)
    if known is not None:
        return known.public
    cached = _own_loaded(root)
    return cached.public if cached is not None and cached.id == kid else None


_TRUST_TOKEN: list[Any] = []  # [trusted keys dict, own key id, token] (see trusted_token)


def trusted_token() -> bytes:
    """SHA-256 of which keys this machine trusts now (id and public key of each, the
    office key's included): equal tokens, equal answers from `check`."""
    root = home()
    keys = _trusted_now(root)
    own = _own_loaded(root)
    own_id = own.id if own is not None else None
    if _TRUST_TOKEN and _TRUST_TOKEN[0] is keys and _TRUST_TOKEN[1] == own_id:
        return bytes(_TRUST_TOKEN[2])
    pairs = {kid: key.public for kid, key in keys.items()}
    if own is not None and own.id not in pairs:
        pairs[own.id] = own.public
    text = "\n".join(f"{kid}\0{public}" for kid, public in sorted(pairs.items()))
    token = hashlib.sha256(text.encode("utf-8", "surrogateescape")).digest()
    _TRUST_TOKEN[:] = [keys, own_id, token]  # (holding `keys`: `is` cannot mistake another)
    return token


@functools.lru_cache(maxsize=64)
def _public_bytes(text: str) -> bytes:
    return parse_public(text)  # (KeyStoreError is not kept: raised every time)


def check(data: bytes, signature: Any) -> str:
    """ "ok" (a good signature by a trusted key), "untrusted" (a key this machine does not
    trust, whatever the signature), "bad" (a trusted key, but not its signature of `data`),
    or "malformed"."""
    if not isinstance(signature, dict) or signature.get("alg") != ALG:
        return "malformed"
    kid, sig = signature.get("key"), signature.get("sig")
    if not isinstance(kid, str) or not isinstance(sig, str):
        return "malformed"
    try:
        raw_sig = base64.b64decode(sig, validate=True)
    except (binascii.Error, ValueError):
        return "malformed"
    known = _trusted_public(kid)
    if known is None:
        return "untrusted"
    public = _public_bytes(known)
    memo = _VERIFIED[0] if _VERIFIED else None
    # (32 bytes of key, 64 of signature: a good Ed25519 signature has exactly those)
    token = hashlib.sha256(public + raw_sig + data).digest() if memo is not None else b""
    if memo is not None and token in memo:
        return "ok"
    # (imported here: a re-run whose signatures are all in the memo never loads OpenSSL's
    # bindings, ~6 ms of a 0.4 s batch run from the cache)
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public).verify(raw_sig, data)
    except (InvalidSignature, ValueError):
        return "bad"
    if memo is not None:
        memo.add(token)
        _VERIFIED[1].append(token)
    return "ok"


# Signatures already found good, while `remembering` (yishi batch: yishi.batch_cache keeps
# them between runs under its HMAC): SHA-256 of the public key, the signature and the data,
# so a memo says only that this signature of these bytes is that key's, never that the key
# is trusted (asked every time). [known, found this run]; empty: every signature verified.
_VERIFIED: list[Any] = []


@contextlib.contextmanager
def remembering(known: set[bytes]) -> Iterator[list[bytes]]:
    """Within: `check` takes a signature in `known` (see _VERIFIED) as verified, and adds
    those it verifies to it and to the list yielded. `yishi verify` never uses this."""
    found: list[bytes] = []
    _VERIFIED[:] = [known, found]
    try:
        yield found
    finally:
        _VERIFIED.clear()


def verified_elsewhere(tokens: list[bytes]) -> None:
    """Signatures a worker process found good while `remembering` (see found_verified)."""
    if _VERIFIED:
        _VERIFIED[0].update(tokens)
        _VERIFIED[1].extend(tokens)


def found_verified() -> list[bytes]:
    """The signatures verified while `remembering` so far, taken (a worker's, for batch)."""
    if not _VERIFIED:
        return []
    found = list(_VERIFIED[1])
    _VERIFIED[1].clear()
    return found


def trust(text: str, name: str = "") -> TrustedKey:
    """Trust another office's public key (`ed25519:BASE64`); returns it (idempotent)."""
    raw = parse_public(text)
    kid = key_id(raw)
    with _locked() as root:
        keys = _read_trusted(root)
        if kid in keys:
            return keys[kid]
        keys[kid] = TrustedKey(kid, public_text(raw), "trusted", name, _stamp())
        _save_trusted(root, keys)
        return keys[kid]


def rotate() -> tuple[OfficeKey, OfficeKey]:
    """A new office key; the old one's public key stays trusted (marked retired) so that
    what it signed still verifies, and its private key is destroyed. Returns (old, new)."""
    old = office_key()
    with _locked() as root:
        keys = _read_trusted(root)
        before = keys.get(old.id)
        keys[old.id] = TrustedKey(
            old.id,
            old.public,
            "own",
            before.name if before else "",
            before.added if before else "",
            _stamp(),
        )
        _save_trusted(root, keys)  # first: the old key must stay trusted whatever happens
        path = root / PRIVATE
        new = OfficeKey(_new_private(path), path)
        keys[new.id] = TrustedKey(new.id, new.public, "own", "", _stamp())
        _save_trusted(root, keys)
    _cache[str(path)] = new
    return old, new


def ensure_outside(records: Path) -> None:
    """Refuse a key directory inside the records directory (records are shared; keys not)."""
    try:
        inside = home().resolve().is_relative_to(Path(records).resolve())
    except OSError:
        return
    if inside:
        raise KeyStoreError("key.inside_records", path=str(home()), records=str(records))


def forget_cache() -> None:
    """For tests that change XDG_CONFIG_HOME within one process."""
    _cache.clear()
    _TRUSTED_READ.clear()
    _home_of.cache_clear()
    _named.cache_clear()


__all__ = [
    "sign",
    "check",
    "home_file",
    "office_key",
    "trusted",
    "trust",
    "rotate",
    "home",
    "key_id",
    "public_text",
    "parse_public",
    "ensure_outside",
    "OfficeKey",
    "TrustedKey",
    "KeyStoreError",
    "ALG",
]
