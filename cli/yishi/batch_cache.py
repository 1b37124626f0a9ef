"""The batch cache: what `yishi batch` derived from a sealed record, kept for the next run.

Keyed by the SHA-256 of the record's bytes (and of yishi's own code and templates), so an
entry can only ever describe the exact bytes it was made from: a changed record, an
upgraded yishi or an edited template simply miss. Two kinds of entry:

- `head`: the header facts batch plans with (date, body, type, state, number) and what
  of the seal table is checked again on every run (signatures, ledger entry, number,
  generation, digest; not the digests of the record's parts, checked once against the
  bytes), written only for a record whose seal verified in full;
- `out`: the bytes of one rendered file (built-in template, one format and copy).

Beside them, `code` entries: the fingerprint of yishi's own files, named by their sizes,
times and inodes (Cache.code); and one file, `verified`: the signatures batch found good
(SHA-256 of public key, signature and signed bytes: yishi.keys.remembering), so that a
re-run does not do the same Ed25519 arithmetic again; whether the key is trusted is asked
every time.

Never trusted over the seal: an entry is used only for the bytes it was made from, after
those bytes verified whole once; on every run the signature (against the keys this
machine trusts now) and the ledger entry (as the ledger is now) are checked again from
the cached seal table, since those can change without the record changing. Each entry
carries an HMAC under a secret kept beside the office key (`~/.config/yishi/cache.key`,
outside the records directory), so whoever can write the records directory cannot plant
an entry. Rebuildable: deleting `records/.cache/` changes nothing but speed. `yishi
verify` never reads it. Entries are written atomically (temp + rename) and never fsynced:
a lost or torn entry is a miss.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
from pathlib import Path
from typing import Any

VERSION = b"yishi-batch-cache-1"
DIR = ".cache"
_MAC = 32  # bytes of HMAC-SHA256 in front of each entry
_SOURCES = (".py", ".toml", ".j2", ".docx", ".css")  # the files an output depends on


def _code_files() -> list[tuple[str, str]]:
    """(name, path) of every file an output depends on besides the record: yishi's source
    and its packaged templates, never a build's leftovers."""
    from yishi.resources import templates_dir

    package = os.path.dirname(os.path.abspath(__file__))
    out = []
    for root in (package, str(templates_dir())):
        for top, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__pycache__")))
            for name in files:
                if name.startswith(".") or not name.endswith(_SOURCES):
                    continue
                path = os.path.join(top, name)
                out.append((os.path.relpath(path, root), path))
    return sorted(out)


_SETTLED_NS = 1_000_000_000  # (longer than yishi.safeio's: the memo outlives the run)


def _hashed(files: list[tuple[str, str]]) -> str:
    h = hashlib.sha256(VERSION)
    for name, path in files:
        if not os.path.isfile(path):
            continue
        h.update(name.encode("utf-8", "surrogateescape") + b"\0")
        with open(path, "rb") as handle:
            h.update(hashlib.sha256(handle.read()).digest())
    return h.hexdigest()


def fingerprint() -> str:
    """SHA-256 over yishi's source and packaged templates: what an output depends on
    besides the record (a new release or an edited template invalidates every entry)."""
    return _hashed(_code_files())


def _secret() -> bytes | None:
    """The cache's HMAC key (created on first use, mode 0600), or None when the key
    directory cannot hold it (then there is no cache)."""
    from yishi.keys import home

    path = home() / "cache.key"
    try:
        data = path.read_bytes()
        if len(data) == 32:
            return data
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fresh = os.urandom(32)
        tmp = path.with_name(f".cache.key.tmp-{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(fresh)
        os.replace(tmp, path)  # a concurrent creator may win: read back what stands
        data = path.read_bytes()
        return data if len(data) == 32 else None
    except OSError:
        return None


class Cache:
    """One records directory's cache; `enabled=False` (or no secret): every get misses
    and nothing is written."""

    def __init__(self, records: Path, *, enabled: bool = True) -> None:
        self.dir = Path(records) / DIR / "batch"
        self._root = str(self.dir)
        self._secret = _secret() if enabled else None
        self._made = False
        self._subdirs: set[str] = set()  # fan-out directories made by this process
        self._code = ""  # the fingerprint of yishi's code (see code)

    @property
    def enabled(self) -> bool:
        return self._secret is not None

    def _path(self, digest: str, what: str) -> Path:
        return Path(self._file(digest, what))

    def _file(self, digest: str, what: str) -> str:
        return f"{self._root}/{digest[:2]}/{digest}.{what}"

    def code(self) -> str:
        """`fingerprint()`, computed once per state of the files: hashing 1.1 MB of source
        costs a run ~50 ms, so the fingerprint is kept (an entry `code`, under the HMAC)
        named by the size, times and inode of every file it covers, which are all read
        each run. Python trusts less (size and mtime) to reuse a module's compiled code;
        a file whose contents change keeps none of them unless its times are set back by
        hand."""
        if self._code:
            return self._code
        from yishi.safeio import file_state, settled

        files = _code_files()
        now = time.time_ns()
        try:
            stats = [file_state(os.stat(path)) for _, path in files]
        except OSError:  # a file went away meanwhile: hashed as it is, not kept
            self._code = _hashed(files)
            return self._code
        lines = (f"{name}\0{state}\n" for (name, _), state in zip(files, stats, strict=True))
        states = hashlib.sha256("".join(lines).encode("utf-8", "surrogateescape")).hexdigest()
        memo = self._read_checked(states, "code", b"")
        if memo is not None and len(memo) == 64:
            self._code = memo.decode("ascii", "replace")
            return self._code
        self._code = _hashed(files)
        # kept only when no file changed in the last second: one changed again within a
        # clock tick of being hashed could keep its times ("racily clean", in git's words)
        if self._secret is not None and all(settled(s, now, _SETTLED_NS) for s in stats):
            self._write(states, "code", self._sign(states, "code", self._code.encode(), b""))
        return self._code

    def _sign(self, digest: str, what: str, payload: bytes, code: bytes | None = None) -> bytes:
        """The entry's bytes: its HMAC (over yishi's fingerprint unless `code` is given,
        the name and the payload), then the payload."""
        return self._mac(digest, what, payload, code) + payload

    def _mac(self, digest: str, what: str, payload: bytes, code: bytes | None = None) -> bytes:
        assert self._secret is not None
        label = (self.code().encode() if code is None else code) + f"\0{digest}\0{what}\0".encode()
        return hmac.digest(self._secret, label + payload, "sha256")

    def _read_checked(self, digest: str, what: str, code: bytes | None = None) -> bytes | None:
        if self._secret is None:
            return None
        try:
            fd = os.open(self._file(digest, what), os.O_RDONLY)
        except OSError:
            return None
        try:
            data = _read_all(fd)
        except OSError:
            return None
        finally:
            os.close(fd)
        payload = data[_MAC:]
        if len(data) < _MAC or not hmac.compare_digest(
            data[:_MAC], self._mac(digest, what, payload, code)
        ):
            return None
        return payload

    def has(self, digest: str, what: str) -> bool:
        """An entry is there (not checked: `get` checks it)."""
        return self._secret is not None and os.path.exists(self._file(digest, what))

    def get(self, digest: str, what: str) -> bytes | None:
        return self._read_checked(digest, what)

    def put(self, digest: str, what: str, payload: bytes) -> None:
        if self._secret is None:
            return
        self._write(digest, what, self._sign(digest, what, payload))

    def _write(self, digest: str, what: str, data: bytes) -> None:
        if self._secret is None:
            return
        path = self._path(digest, what)
        try:
            if not self._made:
                self.dir.mkdir(parents=True, exist_ok=True)
                ignore = self.dir.parent / ".gitignore"
                if not ignore.exists():
                    ignore.write_text("*\n", encoding="utf-8")
                self._made = True
            if path.parent.name not in self._subdirs:
                path.parent.mkdir(exist_ok=True)
                self._subdirs.add(path.parent.name)
            tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError:
            return  # a cache that cannot be written is only slower

    # --- the two kinds of entry

    def head(self, digest: str) -> dict[str, Any] | None:
        payload = self.get(digest, "head")
        if payload is None:
            return None
        from yishi.canonical_json import fast_loads

        try:
            value = fast_loads(payload)
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def put_head(self, digest: str, head: dict[str, Any]) -> None:
        if self._secret is None:  # disabled (--no-cache): not even encoded
            return
        try:
            payload = json.dumps(head, ensure_ascii=False, sort_keys=True).encode("utf-8")
        except (TypeError, ValueError):
            return  # a value JSON cannot hold exactly: not cached
        self.put(digest, "head", payload)

    # --- signatures found good (yishi.keys.remembering)

    VERIFIED = "verified"  # one file: 32-byte SHA-256 tokens, one per good signature
    VERIFIED_MAX = 200_000  # tokens (6.4 MB); more: start again from a run's own

    def verified(self) -> set[bytes]:
        """The signatures earlier runs found good (empty: none, or a file that does not
        check)."""
        payload = self.get(self.VERIFIED, "sigs")
        if payload is None or len(payload) % 32:
            return set()
        return {payload[i : i + 32] for i in range(0, len(payload), 32)}

    def add_verified(self, known: set[bytes], found: list[bytes]) -> None:
        """Keep the signatures found good this run with those known before."""
        if self._secret is None or not found:
            return
        tokens = known | set(found)
        if len(tokens) > self.VERIFIED_MAX:
            tokens = set(found)
        self.put(self.VERIFIED, "sigs", b"".join(sorted(tokens)))


class Passes:
    """Which records passed `integrity.beyond_digests` (signature and ledger checked
    again, no problem) under which world (integrity.world), per body: a re-run whose
    world is the same need not check them again. Kept in the batch cache, one entry a
    body: the world's 32 bytes, then the 32-byte SHA-256 of each record's bytes."""

    MAX = 200_000  # records a body's entry keeps (6.4 MB)

    def __init__(self, cache: Cache) -> None:
        self._cache = cache
        self.known: dict[str, tuple[bytes, set[bytes]]] = {}  # body -> (world, digests)
        self.found: dict[str, tuple[bytes, set[bytes]]] = {}  # found this run

    @staticmethod
    def _name(body: str) -> str:
        return "passed-" + hashlib.sha256(body.encode("utf-8", "surrogateescape")).hexdigest()

    def load(self, bodies: list[str]) -> None:
        for body in bodies:
            payload = self._cache.get(self._name(body), "passed")
            if payload is None or len(payload) < 32 or len(payload) % 32:
                continue
            digests = {payload[i : i + 32] for i in range(32, len(payload), 32)}
            self.known[body] = (payload[:32], digests)

    def passed(self, body: str, world: bytes, digest: bytes) -> bool:
        known = self.known.get(body)
        return known is not None and known[0] == world and digest in known[1]

    def note(self, body: str, world: bytes, digest: bytes) -> None:
        found = self.found.get(body)
        if found is None or found[0] != world:  # a world that changed during the run:
            found = self.found[body] = (world, set())  # the later one's passes
        found[1].add(digest)

    def taken(self) -> dict[str, tuple[bytes, list[bytes]]]:
        """What was found so far, taken (a worker's, for the main process)."""
        out = {body: (world, sorted(found)) for body, (world, found) in self.found.items()}
        self.found.clear()
        return out

    def add(self, found: dict[str, tuple[bytes, list[bytes]]]) -> None:
        for body, (world, digests) in found.items():
            for digest in digests:
                self.note(body, world, digest)

    def save(self) -> None:
        """Keep what was found with what was known under the same world."""
        for body, (world, found) in self.found.items():
            known = self.known.get(body)
            digests = set(found)
            if known is not None and known[0] == world:
                if found <= known[1]:
                    continue  # nothing new
                digests |= known[1]
            if len(digests) > self.MAX:
                digests = set(found)
            self._cache.put(self._name(body), "passed", world + b"".join(sorted(digests)))


def _read_all(fd: int) -> bytes:
    size = os.fstat(fd).st_size
    chunks = [os.read(fd, size + 1)]
    while chunks[-1]:  # a file that grew since fstat, or a short read
        chunks.append(os.read(fd, 1 << 16))
    return b"".join(chunks)


def out_key(fmt: str, copy: str, template: str) -> str:
    """The cache name of one rendered file of a built-in template."""
    return f"out-{template}-{fmt}-{copy}"


__all__ = ["Cache", "Passes", "fingerprint", "out_key", "DIR"]
