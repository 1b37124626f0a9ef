"""`yishi batch`, the core: number a year's closed meetings, then render every numbered one.

No typer, no rich: the command (yishi.commands.minutes) parses options, calls `run` and
prints through the `Hooks` it passes. Three passes over the year's records, one meeting at
a time, none holding a parsed record:

1. scan: each record of the year (`Store.ids(year)`: only that year's files) is read, its
   seal verified, and only its header facts kept (`Head`, ~200 bytes);
2. number: the closed ones, in date order, per body under the ledger's lock (as `issue`);
   with `--jobs N` the workers compose the sealed records (and render their files) ahead,
   and the main process only commits them in order (SealAhead);
3. render: every numbered one, in N worker processes with `--jobs N` (chunks of meetings;
   each worker reads, renders and writes its own), files written without one fsync each
   and synced once at the end.

The batch cache (yishi.batch_cache) keeps, per record's bytes, the header facts and seal
of a record that verified, and the rendered files: a re-run reads each record, hashes it,
re-checks signature and ledger entry and writes the cached files. `cache=False` (and a
deleted `records/.cache/`) gives the same files, slower.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yishi.errors import InputError, StateError, YishiError
from yishi.i18n import t

Doc = dict[str, Any]
EXIT_CHECK_FAILED = 1


@dataclass
class Request:
    year: int
    output: Path
    formats: list[str]
    body: str | None = None
    day: str | None = "held"  # the 印发 date of meetings numbered now (YYYY-MM-DD | held)
    template: str = "minutes"
    copy: str = "full"
    jobs: int = 1
    force: bool = False
    cache: bool = True
    lang: str = "en"
    cmd: str = "yishi batch"


@dataclass
class Hooks:
    """How the core speaks: stdout lines, stderr lines, a progress bar, and completing
    what a crash left before anything is read."""

    say: Callable[[str], None]
    warn: Callable[[str], None]
    start: Callable[[int], None] = lambda total: None
    advance: Callable[[int], None] = lambda n: None
    finish: Callable[[], None] = lambda: None
    recover: Callable[[Any, list[str]], None] = lambda store, bodies: None


@dataclass
class Head:
    """What batch keeps of one record between its passes."""

    id: str
    date: str
    time: str
    body: Any
    type: Any
    state: Any
    seq: Any
    number: Any
    digest: str | None  # SHA-256 of the record's bytes when scanned, or as numbering wrote them
    whole: bool = True  # the scan parsed the whole record (else its head: store.closed_header)


@dataclass
class Result:
    numbered: int = 0
    refused: int = 0
    written: int = 0
    unreadable: list[str] = field(default_factory=list)
    exit_code: int = 0


def validate(req: Request) -> list[tuple[Path, str]]:
    """Everything refused before a record is read: the template and formats (their
    files), copy, jobs, a pdf without LibreOffice."""
    from yishi import render as r

    if any(r.format_of(fmt).soffice for fmt in req.formats):
        from yishi.pdf import soffice

        if soffice() is None:  # before anything is numbered or written
            raise InputError("pdf.no_soffice")
    if req.copy not in r.COPIES:
        raise InputError("render.bad_copy", value=req.copy, allowed=", ".join(r.COPIES))
    if not 1 <= req.jobs <= 64:
        raise InputError("batch.bad_jobs")
    return [r.resolve(req.template, fmt) for fmt in req.formats]


def safe(text: str) -> str:
    """An id as a file-name part: ascii letters, digits, - and _ only."""
    return (re.sub(r"[^A-Za-z0-9_-]+", "_", str(text)).strip("_-") or "x")[:60]


def stem_part(body_id: str, type_id: str) -> str:
    return f"{safe(body_id)}-{safe(type_id)}"


def name_suffix(req: Request) -> str:
    """What follows the body and type in an output's name: the template, the copy."""
    template = req.template
    suffix = "" if template == "minutes" else "-" + safe(Path(template).name.split(".")[0])
    if req.copy != "full":
        suffix += "-" + req.copy
    return suffix


def output_name(year: int, seq: int, body_id: str, type_id: str, suffix: str, fmt: str) -> str:
    """The file name of one meeting's output: `2024-003-<body>-<type><suffix>.<fmt>`."""
    return f"{year}-{seq:03d}-{stem_part(body_id, type_id)}{suffix}.{fmt}"


def collisions(names: dict[str, str]) -> None:
    """`names`: what -> output name. Two different things under one name (compared
    case-folded, as some file systems do) is an error before anything is written."""
    seen: dict[str, str] = {}
    for what, name in names.items():
        other = seen.setdefault(name.casefold(), what)
        if other != what:
            raise InputError("batch.name_collision", a=other, b=what, name=name)


def _sweep_outputs(output: Path, year: int) -> None:
    """Temp files that a killed batch left in the output directory."""
    from yishi.integrity import _alive

    for stale in output.glob(f".{year}-*.tmp-*"):
        found = re.search(r"\.tmp-(\d+)-", stale.name)
        if found and not _alive(int(found.group(1))):
            with contextlib.suppress(OSError):
                stale.unlink()


def _no_symlinks(output: Path, plan: list[Job]) -> None:
    """Refuse before anything is written when a symlink stands where a file of the plan
    goes (one listing of the directory, not a look at each name; each write looks again)."""
    with os.scandir(output) as listing:
        # (casefolded: a case-insensitive file system opens one file by either name)
        links = {entry.name.casefold() for entry in listing if entry.is_symlink()}
    if not links:
        return
    for _, _, files in plan:
        for _, _, target in files:
            if os.path.basename(target).casefold() in links:
                raise InputError("render.symlink", path=target)


def error_codes(report: Any, meeting: Any) -> list[str]:
    """What stands in the way of issue (yishi.issue_gate): check errors, and
    (minutes_review) members who have not reviewed the draft 纪要 (REVIEW_INCOMPLETE)."""
    from yishi.issue_gate import gate

    return gate(meeting, report).codes


# ---------------------------------------------------------------------------- scan


def _head(doc: Doc, mid: str, digest: str | None) -> Head:
    header = doc["meeting"]
    return Head(
        id=mid,
        date=str(header.get("date", "")),
        time=str(header.get("time", "")),
        body=header.get("body"),
        type=header.get("type"),
        state=header.get("state"),
        seq=header.get("seq"),
        number=header.get("number"),
        digest=digest,
    )


def _problems(lang: str, result: Any) -> list[str]:
    from yishi.integrity import problems_of

    return problems_of(result, lang)


def seal_problems(store: Any, doc: Doc, lang: str) -> list[str]:
    """Why a sealed record cannot be relied on (yishi.integrity.seal_problems)."""
    from yishi.integrity import seal_problems as problems

    return problems(store, doc, lang)


_PLAIN = (str, int)


def _cacheable_head(doc: Doc) -> Doc | None:
    """What the cache keeps of a verified, issued record, or None (not cached)."""
    from yishi.seal import issued_at

    header, seal = doc["meeting"], doc.get("seal")
    if header.get("state") != "issued" or not isinstance(seal, dict) or not issued_at(doc):
        return None
    facts = {k: header.get(k) for k in ("id", "body", "type", "state", "seq", "number", "time")}
    if not all(isinstance(v, _PLAIN) and not isinstance(v, bool) for v in facts.values()):
        return None
    facts["date"] = str(header.get("date", ""))
    return {"header": facts, "seal": _checked_part(seal)}


# what integrity.beyond_digests reads of a seal (and of each generation in its history):
# the digests of the record's parts (header, log, rules...), ~85% of a seal's bytes, are
# checked against the record once, before its head is cached, and never from the cache
_CHECKED = ("signatures", "ledger", "entry", "number", "generation", "digest")


def _checked_part(seal: Doc) -> Doc:
    out = {k: seal[k] for k in _CHECKED if k in seal}
    history = seal.get("history")
    if isinstance(history, list):
        out["history"] = [
            {k: h[k] for k in _CHECKED if k in h} if isinstance(h, dict) else h for h in history
        ]
    elif history is not None:
        out["history"] = history
    return out


def _from_cache(
    store: Any, cached: Doc, mid: str, lang: str, digest: str
) -> tuple[Head, list[str]] | None:
    """A cached head for these exact bytes: signature and ledger checked again, unless
    they passed under the world as it is now (_PASSES)."""
    from yishi.integrity import beyond_digests
    from yishi.seal import Verification, generation_of

    header, seal = cached.get("header"), cached.get("seal")
    if not isinstance(header, dict) or not isinstance(seal, dict) or header.get("id") != mid:
        return None
    head = _head({"meeting": header}, mid, None)
    body = str(header.get("body"))
    world = _world(store, body)
    key = bytes.fromhex(digest)
    if world is not None and _PASSES[0].passed(body, world, key):
        return head, []
    result = Verification(mid, "sealed", number=str(header.get("number", "")))
    result.generation = generation_of(seal)
    result.digest = str(seal.get("digest", ""))
    problems = _problems(lang, beyond_digests(store, result, seal, header))
    if not problems:
        _passed(store, body, world, key)
    return head, problems


# what this run remembers of the records that passed their signature and ledger checks
# (yishi.batch_cache.Passes): [Passes] while a batch runs with its cache, else []
# (forked workers inherit it)
_PASSES: list[Any] = []


def _world(store: Any, body: str) -> bytes | None:
    """The world the checks of a record of `body` see now, when there are passes to
    remember (yishi.integrity.world), else None."""
    if not _PASSES:
        return None
    from yishi.integrity import world

    return world(store, body)


def _passed(store: Any, body: str, before: bytes | None, key: bytes) -> None:
    """A record passed under the world `before`: remembered if that world still stands
    (a ledger that changed meanwhile may have been read half old, half new)."""
    if before is not None and _world(store, body) == before:
        _PASSES[0].note(body, before, key)


Scanned = tuple[
    str, Any, Any
]  # ("head", Head, problems) | ("failed", message, counts) | ("skip", ...)


def _wanted(header: Doc, prefix: str, body: str | None) -> bool:
    """A record of the year (`prefix`) and of the body asked for (any, if None)."""
    return str(header.get("date", "")).startswith(prefix) and (
        body is None or header.get("body") == body
    )


def _scan_one(store: Any, cache: Any, mid: str, year: int, body: str | None, lang: str) -> Scanned:
    from yishi.store import closed_header

    prefix = f"{year}-"
    try:
        raw = store.raw(mid)
    except YishiError as exc:
        return "failed", t("batch.failed", lang, id=mid, error=exc.message(lang)), True
    digest = hashlib.sha256(raw).hexdigest()
    store.saw(mid, digest)
    found = None
    cached = cache.head(digest)
    if cached is not None:
        found = _from_cache(store, cached, mid, lang, digest)
    header = closed_header(raw) if found is None else None
    if header is not None and _wanted(header, prefix, body):
        # a meeting to number: numbering parses it whole (and counts it unreadable if that
        # fails), so the scan reads its head alone
        store.note_read(mid, digest, {"meeting": header})
        head = _head({"meeting": header}, mid, None)
        head.whole = False
        found = head, []
    if found is None:
        try:
            doc = store.parse(raw, mid)
        except YishiError as exc:
            message = t("batch.failed", lang, id=mid, error=exc.message(lang))
            return "failed", message, mid.startswith(prefix)
        store.note_read(mid, digest, doc)
        if not _wanted(doc["meeting"], prefix, body):
            return "skip", None, None
        owner = str(doc["meeting"].get("body"))
        world = _world(store, owner)
        problems = seal_problems(store, doc, lang)
        if not problems and (entry := _cacheable_head(doc)) is not None:
            cache.put_head(digest, entry)
            _passed(store, owner, world, bytes.fromhex(digest))
        if not problems:
            _stash_scanned(store, cache, mid, raw, digest, doc)
        found = _head(doc, mid, None), problems
    head, problems = found
    if not head.date.startswith(prefix) or (body is not None and head.body != body):
        return "skip", None, None
    head.digest = digest
    return "head", head, problems


def scan_chunk(
    root: str,
    ids: list[str],
    year: int,
    body: str | None,
    lang: str,
    cache_on: bool,
    spec: Any = None,
    stage: Stage | None = None,
) -> tuple[
    list[Scanned],
    dict[tuple[str, str], bytes],
    dict[str, Any],
    dict[Any, Any],
    list[bytes],
    dict[str, Any],
]:
    """A worker's share of the scan: what it found, the files it stashed (`spec`: see
    Stash) or, with `stage`, wrote under temporary names (Stash.staged), what its store
    noted of each record (Store.notes), the signatures it found good (yishi.keys
    .remembering) and the records that passed (_PASSES; both inherited from the main
    process when it forked)."""
    from yishi.keys import found_verified

    store, cache = _tools(root, cache_on)
    stash = _WORKER["stash"] = Stash(spec) if spec is not None else None
    try:
        scanned = [_scan_one(store, cache, mid, year, body, lang) for mid in ids]
        staged = stage.write(stash, cache, scanned) if stage and stash else {}
        files = stash.files if stash is not None else {}
        passes = _PASSES[0].taken() if _PASSES else {}
        return scanned, files, store.notes(ids), staged, found_verified(), passes
    finally:
        _WORKER["stash"] = None


class Workers:
    """The worker processes of `--jobs N`, started when first needed and kept for the
    whole batch: the scan's workers then write (or render) the files, with no second set
    of processes to start, import yishi and compile the templates in."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: Any = None

    def pool(self) -> Any:
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            from yishi.workers import die_with_parent

            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs, initializer=die_with_parent, initargs=(os.getpid(),)
            )
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def chunked(items: list[Any], jobs: int) -> list[list[Any]]:
    """Shares for `jobs` workers: at most 16 items (~0.1 s of work at a few milliseconds a
    meeting), so that the workers finish within ~0.1 s of each other."""
    size = max(1, min(16, len(items) // (jobs * 8)))
    return [items[i : i + size] for i in range(0, len(items), size)]


def scan(
    store: Any,
    req: Request,
    cache: Any,
    hooks: Hooks,
    workers: Workers | None = None,
    stage: Stage | None = None,
) -> tuple[dict[str, Head], list[tuple[str, list[str]]], list[str]]:
    """The year's records (in `workers`, when given): their heads, the sealed ones that
    do not verify, and the ids that could not be read. With `stage` the workers write the
    files they render under temporary names (Stage)."""
    heads: dict[str, Head] = {}
    broken: list[tuple[str, list[str]]] = []
    unreadable: list[str] = []
    ids = store.ids(req.year)
    if workers is None or len(ids) < 4 * workers.jobs:
        results: Any = (_scan_one(store, cache, mid, req.year, req.body, req.lang) for mid in ids)
    else:
        stash = _WORKER.get("stash")
        spec = stash.spec if stash is not None else None
        pool = workers.pool()
        futures = [
            pool.submit(
                scan_chunk,
                str(store.root),
                chunk,
                req.year,
                req.body,
                req.lang,
                req.cache,
                spec,
                stage,
            )
            for chunk in chunked(ids, workers.jobs)
        ]
        results = []
        from yishi.keys import verified_elsewhere

        for future in futures:
            scanned, files, notes, staged, verified, passes = future.result()
            verified_elsewhere(verified)
            if _PASSES:
                _PASSES[0].add(passes)
            results += scanned
            store.take_notes(notes)  # a new ledger's genesis need not parse them again
            if stash is not None:
                stash.staged.update(staged)
                for key, data in files.items():
                    stash.put(key, data)
    for mid, (kind, value, extra) in zip(ids, results, strict=True):
        if kind == "failed":
            hooks.warn(value)
            if extra:
                unreadable.append(mid)
        elif kind == "head":
            heads[mid] = value
            if extra:
                broken.append((mid, extra))
    return heads, sorted(broken), unreadable


# ---------------------------------------------------------------------------- stash


@dataclass(frozen=True)
class Stage:
    """`--jobs N`: where the workers write the files they render (from the records the
    scan verifies, or the first run composes: SealAhead), each under a temporary name
    beside its place in the output directory, so that creating files (the dear part of
    writing them) overlaps the workers' CPU instead of following it. The render pass
    renames a file into place only after everything is checked (seals, names, symlinks)
    and only if its record still holds the bytes scanned (or sealed); a file it does not take is
    removed (Stage.discard). A killed batch's temporary files are swept by the next one
    (their process is gone)."""

    output: str
    year: int
    suffix: str

    def write(self, stash: Stash, cache: Any, scanned: list[Scanned]) -> dict[Any, Any]:
        """The stashed files of the issued records in `scanned`, written under temporary
        names (and to the batch cache, as the render pass would); their bytes leave the
        stash. Returns Stash.staged's entries for them."""
        staged: dict[Any, Any] = {}
        for kind, head, problems in scanned:
            if kind != "head" or problems or head.state != "issued":
                continue
            if head.digest is None or not isinstance(head.seq, int):
                continue
            staged.update(self.write_record(stash, cache, head.digest, head.seq, head))
        return staged

    def write_record(
        self, stash: Stash, cache: Any, digest: str, seq: int, head: Any
    ) -> dict[Any, Any]:
        """The stashed files of one issued record (bytes of SHA-256 `digest`, number `seq`,
        `head.body` and `head.type`), as `write` does."""
        from yishi.store import write_temp

        staged: dict[Any, Any] = {}
        for (_, fmt), key in zip(stash.targets, stash.keys(), strict=True):
            data = stash.take(digest, key)
            if data is None:
                continue
            name = output_name(self.year, seq, str(head.body), str(head.type), self.suffix, fmt)
            target = Path(self.output) / name
            try:
                tmp = write_temp(target, data)
            except OSError:
                stash.put((digest, key), data)  # written the usual way
                continue
            cache.put(digest, key, data)
            staged[(digest, key)] = (str(tmp), str(target))
        return staged

    @staticmethod
    def discard(stash: Stash | None) -> None:
        """Remove the staged files no one renamed into place."""
        if stash is None:
            return
        for tmp, _ in stash.staged.values():
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        stash.staged.clear()


def _move_staged(
    store: Any,
    plan: list[Job],
    stash: Stash,
    lang: str,
    done: Callable[[list[tuple[str, int, str]]], None],
) -> list[Job]:
    """Rename into place the staged files of every job whose record still holds the bytes
    scanned and all of whose files were staged for exactly these targets; the rest of the
    plan is returned (rendered or written as ever; their staged files are discarded)."""
    from yishi import render as r
    from yishi.batch_cache import out_key

    rest = []
    for job in plan:
        mid, digest, files = job
        moves = []
        for _, fmt, target in files:
            entry = stash.staged.get((str(digest), out_key(fmt, stash.copy, stash.template)))
            if entry is None or entry[1] != target:
                break
            moves.append(entry)
        else:
            if moves and _unchanged(store, mid, digest):
                placed = 0
                try:
                    for tmp, target in moves:
                        r.place_output(Path(tmp), Path(target))
                        placed += 1
                except YishiError as exc:
                    done([(mid, placed, exc.message(lang))])
                    continue
                done([(mid, placed, "")])
                continue
        rest.append(job)
    return rest


def _unchanged(store: Any, mid: str, digest: str | None) -> bool:
    try:
        return digest is not None and hashlib.sha256(store.raw(mid)).hexdigest() == digest
    except YishiError:
        return False


class Stash:
    """Files of the built-in templates rendered from a document already parsed, so that
    the render pass need not read and parse it again: at the scan (an issued record that
    verified) and right after sealing (the first run: with `--jobs 1` here, with `--jobs N`
    in the worker that composed the sealed record, SealAhead). Keyed like the
    batch cache by the digest of the record's bytes (as scanned, or as written): the render
    pass takes a file only for those exact bytes, else it renders as ever. Scan workers
    (`--jobs N`) fill a stash of their own per chunk and write its files under temporary
    names (Stage; `staged` here), or hand them to the main one, which hands them back to
    the workers to write after the numbering (write_chunk). For
    the built-in templates, not through LibreOffice (pdf);
    bounded in bytes: what does not fit is rendered the usual way."""

    LIMIT = 64 * 1024 * 1024

    def __init__(
        self, spec: tuple[str, str, list[tuple[str, str]], bool], limit: int = LIMIT
    ) -> None:
        self.copy, self.template, self.targets, self.sealed = spec
        self.files: dict[tuple[str, str], bytes] = {}
        self.size = 0
        self.limit = limit
        # files the scan workers wrote already, under a temporary name beside their place
        # (`--jobs N`, see Stage): (digest, key) -> (temp path, target path)
        self.staged: dict[tuple[str, str], tuple[str, str]] = {}

    @property
    def spec(self) -> tuple[str, str, list[tuple[str, str]], bool]:
        """What a worker needs to stash the same files (picklable)."""
        return self.copy, self.template, self.targets, self.sealed

    @classmethod
    def for_request(cls, req: Request, targets: list[tuple[Path, str]]) -> Stash | None:
        from yishi import render as r
        from yishi.resources import templates_dir

        if req.template not in r.BUILTIN:
            return None
        fit = [
            (str(path), fmt)
            for path, fmt in targets
            if Path(path).parent == templates_dir() and not r.format_of(fmt).soffice
        ]
        # with --jobs N the main process renders nothing: the workers render in parallel
        return cls((req.copy, req.template, fit, req.jobs == 1)) if fit else None

    def put(self, key: tuple[str, str], data: bytes) -> None:
        if self.size + len(data) <= self.limit:
            self.files[key] = data
            self.size += len(data)

    def holds(self, digest: str) -> bool:
        """Every file of the record of this digest is here."""
        return all((digest, key) in self.files for key in self.keys())

    def keys(self) -> list[str]:
        """The batch cache's names of the files stashed for a record (yishi.batch_cache)."""
        from yishi.batch_cache import out_key

        return [out_key(fmt, self.copy, self.template) for _, fmt in self.targets]

    def clear(self) -> None:
        self.files.clear()
        self.size = 0

    def take(self, digest: str, key: str) -> bytes | None:
        data = self.files.pop((digest, key), None)
        if data is not None:
            self.size -= len(data)
        return data

    def render(
        self, digest: str, doc: Doc, meeting: Any, report: Any = None, raw: bytes | None = None
    ) -> None:
        """Render the files of `meeting` (replayed from `doc`, parsed from bytes `raw` of
        SHA-256 `digest`) into the stash, as the render pass would (yishi.batch._context).
        `report`: the meeting's check, when the caller has it (see yishi.check.engine)."""
        from yishi import render as r
        from yishi.check import evaluate
        from yishi.render import context
        from yishi.seal import issued_at, short_digest
        from yishi.toml_read import no_control

        if self.size >= self.limit:
            return
        ctx = context(
            meeting,
            report if report is not None else evaluate(meeting),
            copy=self.copy,
            issued_at=issued_at(doc),
            digest=short_digest(doc),
            plain=raw is not None and no_control(raw),
        )
        for (path, fmt), key in zip(self.targets, self.keys(), strict=True):
            self.put((digest, key), r.render_context(ctx, Path(path), fmt))


def _stash_scanned(store: Any, cache: Any, mid: str, raw: bytes, digest: str, doc: Doc) -> None:
    """An issued record the scan has parsed and verified: its files into the stash, unless
    the batch cache holds them (reading them is cheaper)."""
    stash = _WORKER.get("stash")
    header = doc["meeting"]
    if stash is None or header.get("state") != "issued" or not isinstance(header.get("seq"), int):
        return
    if all(cache.has(digest, key) for key in stash.keys()):
        return
    with contextlib.suppress(YishiError):  # the render pass renders it, and says what fails
        stash.render(digest, doc, store.meeting_from(doc, mid), raw=raw)


def _stash_sealed(sealed: Any, report: Any, digest: str) -> None:
    """A meeting just sealed (a yishi.seal.Prepared, changed and written as bytes of SHA-256
    `digest`): its files, with the report its gate computed before it was issued (the same
    findings: issuing changes nothing a check reads; yishi.check.engine)."""
    stash = _WORKER.get("stash")
    if stash is None or not stash.sealed:
        return
    with contextlib.suppress(YishiError):
        # the gate's report is of the meeting as read: only when that is what was sealed
        report = report if sealed.used else None
        stash.render(digest, sealed.doc, sealed.meeting, report, raw=sealed.written)


class SealAhead:
    """With `--jobs N` (the first run): the workers compose the sealed records ahead of the
    main process (parse, replay, check, seal, sign and render: yishi.seal.compose), each
    for the number and ledger entry it will get if every meeting before it in date order
    is numbered; the main process only commits them in order, under the ledger's lock and
    the meeting's (yishi.seal.commit: the ledger entry appended and fsynced, then the
    record written), when the record still holds the bytes composed from and the ledger
    gives that entry. Anything else (a refused meeting, an error, a record changed since)
    goes the serial way (_number_one) and the meetings after it are composed again."""

    SHARE = 8  # meetings per submission: ~40 ms of a worker's time
    DEPTH = 3  # submissions in flight per worker

    def __init__(
        self,
        workers: Workers,
        store: Any,
        req: Request,
        tx: Any,
        heads: list[Head],
        stage: Stage | None = None,
    ) -> None:
        self.workers, self.store, self.req, self.tx, self.heads = workers, store, req, tx, heads
        self.stage = stage
        self.abandoned: list[Any] = []  # futures of a restart: their staged files go
        stash = _WORKER.get("stash")
        self.spec = stash.spec if stash is not None else None
        self.futures: list[tuple[int, Any]] = []  # (index of the first head, future)
        self.results: dict[int, tuple[Any, ...]] = {}
        self.next = 0  # the first head not submitted
        self.seqs: dict[tuple[str, int], int] = {}  # (type, year) -> seq of the next one
        self.index = 0  # the ledger entry of the next one
        self.failed = False  # the pool broke: everything left goes the serial way
        self.restart(0)

    def restart(self, start: int) -> None:
        """Compose from heads[start] on, for the ledger as it stands now."""
        for _, future in self.futures:
            if not future.cancel():
                self.abandoned.append(future)
        for made in self.results.values():
            _unstage(made)
        self.futures, self.results = [], {}
        self.next = start
        self.seqs = {}
        self.index = self.tx.next_index()

    def result(self, k: int) -> tuple[Any, ...]:
        """What a worker made of heads[k] (see compose_chunk); ("serial",) when the workers
        cannot say (a worker died: the main process numbers the rest itself)."""
        from yishi.clock import stamp

        try:
            while k not in self.results and not self.failed:
                self._fill(stamp())
                self._harvest()
            self._fill(stamp())
        except Exception:  # noqa: BLE001 - a broken pool; the serial way says what fails
            self._broken()
        return self.results.pop(k, ("serial",))

    def ready(self, k: int) -> tuple[Any, ...] | None:
        """heads[k] as a worker sealed it, if that is at hand without waiting (None: not
        yet, or not sealed: `result` gives it then)."""
        from yishi.clock import stamp

        try:
            while k not in self.results and self.futures and self.futures[0][1].done():
                self._harvest()
            self._fill(stamp())
        except Exception:  # noqa: BLE001 - as in result
            self._broken()
        made = self.results.get(k)
        return self.results.pop(k) if made is not None and made[0] == "sealed" else None

    def _harvest(self) -> None:
        """The results of the first submission in flight (waiting for them)."""
        start, future = self.futures.pop(0)
        for j, made in enumerate(future.result()):
            self.results[start + j] = made

    def _broken(self) -> None:
        self.failed = True
        self.restart(len(self.heads))

    def close(self) -> None:
        """Remove the files staged for records composed but never committed."""
        self.restart(len(self.heads))
        for future in self.abandoned:
            with contextlib.suppress(Exception):  # a broken pool staged nothing more
                for made in future.result():
                    _unstage(made)
        self.abandoned = []

    def _fill(self, at: str) -> None:
        tx, req = self.tx, self.req
        while (
            not self.failed
            and self.next < len(self.heads)
            and len(self.futures) < self.DEPTH * self.workers.jobs
        ):
            plans = []
            for h in self.heads[self.next : self.next + self.SHARE]:
                key = _seq_key(h)
                seq = self.seqs.get(key) or tx.next_seq(*key)
                self.seqs[key] = seq + 1
                plans.append((h.id, seq, tx.next_id(), self.index, at))
                self.index += 1
            job = (req.lang, req.force, req.day, req.cmd)
            future = self.workers.pool().submit(
                compose_chunk, str(self.store.root), req.cache, self.spec, self.stage, job, plans
            )
            self.futures.append((self.next, future))
            self.next += len(plans)


def _seq_key(h: Head) -> tuple[str, int]:
    """(type, year) of a meeting: what its seq counts within (SealAhead, _number_grouped
    plan the seq the ledger will give it)."""
    return str(h.type), int(h.date[:4]) if h.date[:4].isdigit() else 0


def compose_chunk(
    root: str,
    cache_on: bool,
    spec: Any,
    stage: Stage | None,
    job: tuple[str, bool, Any, str],
    plans: list[Any],
) -> list[tuple[Any, ...]]:
    """A worker's share of SealAhead: per plan (meeting id, seq, ledger id, entry index,
    stamp), one of ("error", message), ("refused", codes), ("serial",): the main process
    numbers it the serial way, or ("sealed", SHA-256 of the bytes composed from, codes,
    yishi.seal.Pending, rendered files, Stash.staged entries of the files written under
    temporary names when there is a `stage`)."""
    store, cache = _tools(root, cache_on)
    stash = Stash(spec) if spec is not None else None
    return [_compose_one(store, cache, stash, stage, job, plan) for plan in plans]


def _compose_one(
    store: Any,
    cache: Any,
    stash: Stash | None,
    stage: Stage | None,
    job: tuple[str, bool, Any, str],
    plan: Any,
) -> tuple[Any, ...]:
    from yishi import numbering
    from yishi import record as rec
    from yishi.issue_gate import gate, terms
    from yishi.seal import compose

    lang, force, day, cmd = job
    mid, seq, ledger_id, index, at = plan
    try:
        raw, doc, held, report = _read_checked(store, mid)
    except YishiError as exc:
        return ("error", exc.message(lang))
    the_gate = gate(held, report)
    codes = the_gate.codes
    if codes and not force:
        return ("refused", codes)
    if held.state != rec.CLOSED:
        return ("serial",)  # the serial way refuses it, as `yishi issue` does
    try:
        event = numbering.issue_event(held, seq, **terms(the_gate, day))
        made = compose(raw, doc, held, event, cmd, ledger_id, index, at)
    except YishiError:
        return ("serial",)  # the serial way says why
    files: dict[tuple[str, str], bytes] = {}
    staged: dict[Any, Any] = {}
    if stash is not None:
        digest = hashlib.sha256(made.pending.data).hexdigest()
        with contextlib.suppress(YishiError):  # the render pass renders it, and says why not
            stash.render(digest, made.doc, made.meeting, report, raw=made.pending.data)
        if stage is not None:
            staged = stage.write_record(stash, cache, digest, made.meeting.seq, made.meeting)
        files = stash.files
        stash.files, stash.size = {}, 0
    return ("sealed", hashlib.sha256(raw).hexdigest(), codes, made.pending, files, staged)


def _read_checked(store: Any, mid: str) -> tuple[bytes, Doc, Any, Any]:
    """A closed meeting about to be numbered, read: its bytes, document, meeting and check
    report (raises YishiError when it does not read)."""
    from yishi.check import evaluate

    raw = store.raw(mid)
    doc = store.parse(raw, mid)
    held = store.meeting_from(doc, mid)
    return raw, doc, held, evaluate(held)


def _unstage(made: tuple[Any, ...]) -> None:
    """The files a worker staged for a record that is not committed as composed."""
    for tmp, _ in made[5].values() if made[0] == "sealed" else ():
        with contextlib.suppress(OSError):
            os.unlink(tmp)


# ---------------------------------------------------------------------------- number


def _issue(store: Any, tx: Any, report: Any, read: Any, req: Request) -> Any:
    """Number and seal one meeting (yishi.issue_gate.issue_with, as `yishi issue`), from
    the record just read and checked (`read`, a yishi.seal.Prepared)."""
    from yishi.issue_gate import gate, issue_with

    return issue_with(store, tx, gate(read.meeting, report), req.cmd, req.day, prepared=read)


def _out_of_order(lang: str, late: list[tuple[str, str]], number: str, date: Any) -> str:
    later = "、".join(f"{n}（{d}）" if lang == "zh" else f"{n} ({d})" for n, d in late[:5])
    return t("numbering.out_of_order", lang, number=number, date=str(date), later=later)


def recovered_note(lang: str, tx: Any) -> str | None:
    from yishi.integrity import recovered_note as note

    return note(tx.recovered, lang)


def number(
    store: Any,
    req: Request,
    heads: dict[str, Head],
    hooks: Hooks,
    unreadable: list[str] | None = None,
    workers: Workers | None = None,
    stage: Stage | None = None,
) -> tuple[int, int]:
    """Number the closed meetings without check errors (all with `force`), in date order,
    per body in one ledger transaction. Returns (numbered, refused); a record the scan read
    only the head of and that does not parse whole goes to `unreadable`. With `workers`,
    they compose the sealed records ahead (SealAhead), and write their files under
    temporary names when there is a `stage`."""
    unreadable = [] if unreadable is None else unreadable
    order = sorted(
        (h for h in heads.values() if h.state == "closed"), key=lambda h: (h.date, h.time, h.id)
    )
    if req.day not in (None, "held"):  # a 印发 date before a meeting: refuse before numbering
        for h in order:
            if h.date[:10] > req.day:
                raise InputError(
                    "print.date_before_meeting", date=req.day, held=h.date[:10], id=h.id
                )
    numbered = refused = 0
    with store.temps_listed():
        for body_id in sorted({str(h.body) for h in order}):
            mine = [h for h in order if h.body == body_id]
            counts = _number_body(
                store, req, heads, hooks, mine, body_id, unreadable, workers, stage
            )
            numbered, refused = numbered + counts[0], refused + counts[1]
    return numbered, refused


def _number_body(
    store: Any,
    req: Request,
    heads: dict[str, Head],
    hooks: Hooks,
    mine: list[Head],
    body_id: str,
    unreadable: list[str],
    workers: Workers | None = None,
    stage: Stage | None = None,
) -> tuple[int, int]:
    """Number one body's meetings (`mine`, in date order), in one ledger transaction."""
    from yishi import ledger

    counts = {"numbered": 0, "refused": 0, "skipped": 0}
    with ledger.transaction(store, body_id) as tx:
        note = recovered_note(req.lang, tx)
        if note:
            hooks.warn(note)
        ahead = (
            SealAhead(workers, store, req, tx, mine, stage)
            if workers is not None and len(mine) >= 4 * workers.jobs
            else None
        )  # fewer: the workers' start would cost more than they save
        if ahead is None and len(mine) > 1:
            return _number_grouped(store, tx, req, heads, hooks, mine, unreadable)
        try:
            k = 0
            while k < len(mine):
                outcome = None
                if ahead is not None:
                    made = ahead.result(k)
                    if made[0] == "sealed":
                        group = [made, *_sealed_after(ahead, k, len(mine))]
                        done = _commit_group(store, tx, req, hooks, mine[k:], group)
                        for rest in group[done:]:
                            _unstage(rest)
                        counts["numbered"] += done
                        k += done
                        if done == len(group):
                            continue
                        # group[done] does not fit (any more): the serial way
                    else:
                        outcome = _commit_ahead(hooks, req, mine[k], made, unreadable)
                        if outcome is None:
                            _unstage(made)
                if outcome is None:
                    outcome = _number_one(store, tx, req, heads, hooks, mine[k], unreadable)
                if ahead is not None:
                    ahead.restart(k + 1)  # composed for entries the ledger does not give now
                counts[outcome] += 1
                k += 1
        finally:
            if ahead is not None:
                ahead.close()
    return counts["numbered"], counts["refused"]


def _number_grouped(
    store: Any,
    tx: Any,
    req: Request,
    heads: dict[str, Head],
    hooks: Hooks,
    mine: list[Head],
    unreadable: list[str],
) -> tuple[int, int]:
    """Number one body's meetings in this process, as the workers of SealAhead do: each
    composed (compose_chunk) for the entry and seq it gets after those composed before it,
    and committed in groups of up to yishi.ledger.GROUP (_commit_group: one ledger write
    and one sync for all). A meeting refused, unreadable or not closed is dealt with after
    the group before it is committed, so that what is said keeps the date order."""
    from yishi.clock import stamp
    from yishi.ledger import GROUP

    stash = _WORKER.get("stash")
    spec = stash.spec if stash is not None else None
    job = (req.lang, req.force, req.day, req.cmd)
    counts = {"numbered": 0, "refused": 0, "skipped": 0}
    group: list[tuple[Head, tuple[Any, ...]]] = []
    seqs: dict[tuple[str, int], int] = {}

    def commit() -> None:
        """The group so far; what no longer fits (a record changed since) the serial way."""
        done = _commit_group(store, tx, req, hooks, [h for h, _ in group], [m for _, m in group])
        counts["numbered"] += done
        for h, _ in group[done:]:
            counts[_number_one(store, tx, req, heads, hooks, h, unreadable)] += 1
        group.clear()
        seqs.clear()

    for h in mine:
        key = _seq_key(h)
        seq = seqs.get(key) or tx.next_seq(*key)
        plan = (h.id, seq, tx.next_id(), tx.next_index() + len(group), stamp())
        made = compose_chunk(str(store.root), req.cache, spec, None, job, [plan])[0]
        if made[0] == "sealed":
            seqs[key] = seq + 1
            group.append((h, made))
            if len(group) == GROUP:
                commit()
            continue
        if group:
            commit()
        outcome = _commit_ahead(hooks, req, h, made, unreadable)
        if outcome is None:  # for the serial way to number, or to say why not
            outcome = _number_one(store, tx, req, heads, hooks, h, unreadable)
        counts[outcome] += 1
    if group:
        commit()
    return counts["numbered"], counts["refused"]


def _number_one(
    store: Any,
    tx: Any,
    req: Request,
    heads: dict[str, Head],
    hooks: Hooks,
    h: Head,
    unreadable: list[str],
) -> str:
    """Number one meeting the serial way: "numbered", "refused" or "skipped"."""
    from yishi import numbering
    from yishi.seal import Prepared

    lang, mid = req.lang, h.id
    try:
        raw, doc, held, report = _read_checked(store, mid)
    except YishiError as exc:
        _failed(hooks, req, h, exc.message(lang), unreadable)
        return "skipped"
    gate = error_codes(report, held)
    if gate and not req.force:
        _refused(hooks, req, h, gate)
        return "refused"
    late = numbering.out_of_order(tx, held)
    try:
        read = Prepared(raw, doc, held)
        meeting, _ = _issue(store, tx, report, read, req)
    except StateError as exc:  # another run numbered it (or reopened it)
        heads[mid] = _head(store.read(mid), mid, None)
        if exc.key == "issue.already":
            hooks.warn(t("batch.already", lang, id=mid, number=exc.params.get("number")))
            return "skipped"
        raise
    # the digest of the bytes just sealed: the render pass checks the seal of a record
    # that holds any other bytes by then, as it does for scanned ones
    digest = hashlib.sha256(read.written).hexdigest() if read.written else None
    _numbered(hooks, req, h, gate, late, meeting.number, str(meeting.date), meeting.seq, digest)
    if digest is not None:
        _stash_sealed(read, report, digest)
    return "numbered"


def _sealed_after(ahead: SealAhead, k: int, count: int) -> list[tuple[Any, ...]]:
    """The records the workers sealed for heads[k + 1] on, in order, as many as are at
    hand without waiting (with heads[k], at most yishi.ledger.GROUP: committed at once)."""
    from yishi.ledger import GROUP

    group: list[tuple[Any, ...]] = []
    while len(group) + 1 < GROUP and k + 1 + len(group) < count:
        made = ahead.ready(k + 1 + len(group))
        if made is None:
            break
        group.append(made)
    return group


def _commit_group(
    store: Any,
    tx: Any,
    req: Request,
    hooks: Hooks,
    heads: list[Head],
    group: list[tuple[Any, ...]],
) -> int:
    """Commit the records the workers sealed for heads[0], heads[1]... (SealAhead), all at
    once (yishi.seal.commit_all), as far as each still fits: the ledger gives it the entry
    and seq it was sealed for, and the record holds the bytes it was composed from (read
    under the meeting's lock, held until all are written). How many were committed."""
    from yishi import numbering
    from yishi.seal import commit_all, fits

    committed: list[tuple[Head, tuple[Any, ...], list[tuple[str, str]]]] = []
    seqs: dict[tuple[str, int], int] = {}
    with contextlib.ExitStack() as locks:
        for j, (h, made) in enumerate(zip(heads, group, strict=False)):  # heads: and after
            _, raw_digest, _, pending, _, _ = made
            fields = pending.fields
            key = (fields["type"], fields["year"])
            seq = seqs.get(key) or tx.next_seq(*key)
            if not fits(tx, pending, j) or seq != fields["seq"]:
                break
            locks.enter_context(store.lock(h.id))
            store._clean_temp(h.id)
            try:
                unchanged = hashlib.sha256(store.raw(h.id)).hexdigest() == raw_digest
            except YishiError:
                unchanged = False
            if not unchanged:  # changed since the worker read it
                break
            seqs[key] = seq + 1
            # (the group is in date order: none of it is held after another of it)
            late = numbering.out_of_order_at(tx, *key, fields["date"])
            committed.append((h, made, late))
        if committed:
            commit_all(store, tx, [(h.id, made[3]) for h, made, _ in committed])
    stash = _WORKER.get("stash")
    for h, made, late in committed:
        _, _, codes, pending, files, staged = made
        fields = pending.fields
        digest = hashlib.sha256(pending.data).hexdigest()
        _numbered(
            hooks, req, h, codes, late, fields["number"], fields["date"], fields["seq"], digest
        )
        if stash is not None:
            stash.staged.update(staged)
            for key, data in files.items():
                stash.put(key, data)
        else:
            _unstage(made)  # (batch always has a stash when the workers stage)
    return len(committed)


def _commit_ahead(
    hooks: Hooks, req: Request, h: Head, made: tuple[Any, ...], unreadable: list[str]
) -> str | None:
    """What a worker found of `h` that it did not seal (SealAhead): "refused" or "skipped"
    said; None when it must be numbered the serial way."""
    if made[0] == "error":
        _failed(hooks, req, h, made[1], unreadable)
        return "skipped"
    if made[0] == "refused":
        _refused(hooks, req, h, made[1])
        return "refused"
    return None


def _failed(hooks: Hooks, req: Request, h: Head, error: str, unreadable: list[str]) -> None:
    hooks.warn(t("batch.failed", req.lang, id=h.id, error=error))
    if not h.whole:  # what the scan would have found unreadable
        unreadable.append(h.id)


def _refused(hooks: Hooks, req: Request, h: Head, codes: list[str]) -> None:
    hooks.warn(t("batch.refused", req.lang, id=h.id, count=len(codes), codes=", ".join(codes)))


def _numbered(
    hooks: Hooks,
    req: Request,
    h: Head,
    codes: list[str],
    late: list[tuple[str, str]],
    number: str,
    date: str,
    seq: int,
    digest: str | None,
) -> None:
    """What a meeting just numbered says, and what batch keeps of it."""
    from yishi import record as rec

    lang = req.lang
    if codes:
        hooks.warn(t("batch.forced", lang, id=h.id, count=len(codes), codes=", ".join(codes)))
    if late:
        hooks.warn(_out_of_order(lang, late, number, date))
    h.state, h.seq, h.number, h.digest = rec.ISSUED, seq, number, digest
    hooks.say(t("batch.numbered", lang, id=h.id, number=number))


# ---------------------------------------------------------------------------- render

# one meeting's work: (meeting id, its bytes' digest when scanned, [(template, fmt, target)])
Job = tuple[str, str | None, list[tuple[str, str, str]]]

_WORKER: dict[str, Any] = {}  # per process: the store and cache of the records directory


def _tools(root: str, cache_on: bool) -> tuple[Any, Any]:
    from yishi.batch_cache import Cache
    from yishi.store import Store

    key = f"{root}\0{cache_on}"
    if _WORKER.get("key") != key:
        _WORKER.update(key=key, store=Store(root), cache=Cache(Path(root), enabled=cache_on))
    return _WORKER["store"], _WORKER["cache"]


def render_one(
    store: Any, cache: Any, job: Job, copy: str, lang: str, template: str
) -> tuple[int, str]:
    """Render one meeting's files; (files written, error message or '')."""
    ready = _ready_files(store, cache, job, copy, template)
    if ready is not None:
        return _write_files(ready, lang)
    try:
        raw = store.raw(job[0])
    except YishiError as exc:
        return 0, exc.message(lang)
    return _render_files(store, cache, job, copy, lang, template, raw)


def _ready_files(
    store: Any, cache: Any, job: Job, copy: str, template: str
) -> list[tuple[str, bytes]] | None:
    """(target, bytes) of every file of a job when this run rendered them all (the stash)
    or the cache holds them all, for the bytes this process's scan verified (`job[1]`),
    and the record still holds those bytes by its size, inode and times (Store.holds);
    else None: the record is read again, and judged on the bytes it holds now. Saves a
    read and a SHA-256 of each record of a re-run (~10% of one from the cache)."""
    from yishi.batch_cache import out_key

    mid, expected, files = job
    if expected is None or not all(_builtin(path, fmt) for path, fmt, _ in files):
        return None
    if not store.holds(mid, expected):
        return None
    keys = [out_key(fmt, copy, template) for _, fmt, _ in files]
    stash = _WORKER.get("stash")
    if stash is not None and all((expected, key) in stash.files for key in keys):
        out = []
        for (_, _, target), key in zip(files, keys, strict=True):
            data = stash.take(expected, key)
            assert data is not None  # (just seen there)
            cache.put(expected, key, data)
            out.append((target, data))
        return out
    if not cache.enabled:
        return None
    out = []
    for (_, _, target), key in zip(files, keys, strict=True):
        data = cache.get(expected, key)
        if data is None:
            return None
        out.append((target, data))
    return out


@functools.lru_cache(maxsize=64)
def _builtin(path: str, fmt: str) -> bool:
    """A built-in template whose output the cache keeps (not one LibreOffice makes)."""
    from yishi import render as r
    from yishi.resources import templates_dir

    return Path(path).parent == templates_dir() and not r.format_of(fmt).soffice


def _write_files(ready: list[tuple[str, bytes]], lang: str) -> tuple[int, str]:
    from yishi import render as r

    written = 0
    try:
        for target, data in ready:
            # not fsynced one by one: batch syncs once when every file is written
            r.write_output(target, data, durable=False)
            written += 1
    except YishiError as exc:
        return written, exc.message(lang)
    return written, ""


def write_chunk(
    root: str,
    items: list[tuple[Job, dict[tuple[str, str], bytes]]],
    copy: str,
    lang: str,
    template: str,
    cache_on: bool,
    spec: Any,
) -> list[tuple[str, int, str]]:
    """A worker's share of the files the scan stashed, each job with its files:
    [(meeting id, files written, error)]. A job whose files are all there takes them
    (_ready_files); any other is read again and rendered as ever."""
    store, cache = _tools(root, cache_on)
    stash = _WORKER["stash"] = Stash(spec)
    try:
        out = []
        for job, files in items:
            stash.files.update(files)
            out.append((job[0], *render_one(store, cache, job, copy, lang, template)))
            stash.clear()  # what a changed record did not take
        return out
    finally:
        _WORKER["stash"] = None


def _render_files(
    store: Any, cache: Any, job: Job, copy: str, lang: str, template: str, raw: bytes
) -> tuple[int, str]:
    from yishi import render as r
    from yishi.batch_cache import out_key

    mid, expected, files = job
    written = 0
    try:
        digest = hashlib.sha256(raw).hexdigest()
        ctx: Doc | None = None
        for path, fmt, target in files:
            builtin = _builtin(path, fmt)
            key = out_key(fmt, copy, template)
            stash = _WORKER.get("stash")
            data = stash.take(digest, key) if builtin and stash is not None else None
            if data is not None:
                cache.put(digest, key, data)
            elif builtin:
                data = cache.get(digest, key)
            if data is None:
                if ctx is None:
                    ctx = _context(store, raw, mid, copy, lang, expected, digest)
                data = r.render_context(ctx, Path(path), fmt)
                if builtin:
                    cache.put(digest, key, data)
            # not fsynced one by one: batch syncs once when every file is written
            r.write_output(target, data, durable=False)
            written += 1
    except YishiError as exc:
        return written, exc.message(lang)
    return written, ""


def _context(
    store: Any, raw: bytes, mid: str, copy: str, lang: str, expected: str | None, digest: str
) -> Doc:
    from yishi.check import evaluate
    from yishi.render import context
    from yishi.seal import SealBroken, issued_at, short_digest
    from yishi.toml_read import no_control

    doc = store.parse(raw, mid)
    if expected is not None and digest != expected:  # changed since the scan verified it
        problems = seal_problems(store, doc, lang)
        if problems:
            raise SealBroken("render.seal_broken", id=mid)
    meeting = store.meeting_from(doc, mid)
    return context(
        meeting,
        evaluate(meeting),
        copy=copy,
        issued_at=issued_at(doc),
        digest=short_digest(doc),
        plain=no_control(raw),
    )


def _taken(stash: Stash, job: Job) -> dict[tuple[str, str], bytes]:
    """The stashed files of a job, out of the main stash, for the worker that writes them."""
    digest = str(job[1])
    files = {}
    for key in stash.keys():
        data = stash.take(digest, key)
        if data is not None:  # else the worker renders it
            files[(digest, key)] = data
    return files


def render_chunk(
    root: str, jobs: list[Job], copy: str, lang: str, template: str, cache_on: bool
) -> list[tuple[str, int, str]]:
    """A worker's share: [(meeting id, files written, error)]."""
    store, cache = _tools(root, cache_on)
    _WORKER["stash"] = None  # a forked worker's copy of the main stash: not for it
    return [(job[0], *render_one(store, cache, job, copy, lang, template)) for job in jobs]


def render_all(
    root: Path,
    plan: list[Job],
    req: Request,
    hooks: Hooks,
    template: str,
    workers: Workers | None = None,
) -> tuple[int, list[tuple[str, str]]]:
    """Render the plan (in `req.jobs` processes: `workers` when given, else a pool of its
    own); (files written, failures)."""
    written, failures = 0, []
    hooks.start(len(plan))

    def done(results: list[tuple[str, int, str]]) -> None:
        nonlocal written
        for mid, count, error in results:
            written += count
            if error:
                failures.append((mid, error))
        hooks.advance(len(results))

    if req.jobs == 1 or len(plan) < 2 * req.jobs:
        store, cache = _tools(str(root), req.cache)
        for job in plan:
            done([(job[0], *render_one(store, cache, job, req.copy, req.lang, template))])
    else:
        runner = workers if workers is not None else Workers(req.jobs)
        try:
            _render_in(runner, root, plan, req, template, done)
        finally:
            if runner is not workers:
                runner.close()
    hooks.finish()
    os.sync()  # the rendered files were written without one fsync each
    return written, sorted(failures)


def _render_in(
    workers: Workers,
    root: Path,
    plan: list[Job],
    req: Request,
    template: str,
    done: Callable[[list[tuple[str, int, str]]], None],
) -> None:
    """The plan in worker processes: the files the scan workers staged are renamed into
    place here (_move_staged), those they stashed go back to the workers to be written
    (write_chunk), the rest is rendered (render_chunk)."""
    from concurrent.futures import as_completed

    pool = workers.pool()
    stash = _WORKER.get("stash")
    futures = []
    if stash is not None and stash.staged:  # written during the scan: renamed into place
        plan = _move_staged(_tools(str(root), req.cache)[0], plan, stash, req.lang, done)
    if stash is not None:
        held = [job for job in plan if job[1] is not None and stash.holds(job[1])]
        kept = {job[0] for job in held}
        plan = [job for job in plan if job[0] not in kept]
        futures += [
            pool.submit(
                write_chunk,
                str(root),
                [(job, _taken(stash, job)) for job in chunk],
                req.copy,
                req.lang,
                template,
                req.cache,
                stash.spec,
            )
            for chunk in chunked(held, workers.jobs)
        ]
    futures += [
        pool.submit(render_chunk, str(root), chunk, req.copy, req.lang, template, req.cache)
        for chunk in chunked(plan, workers.jobs)
    ]
    for future in as_completed(futures):
        done(future.result())


# ---------------------------------------------------------------------------- run


def run(store: Any, req: Request, hooks: Hooks) -> Result:
    """The whole batch; `Result.exit_code` is what the command exits with."""
    import gc

    # what is loaded by now (yishi, typer, pydantic: ~10^5 objects) lives as long as the
    # process: left out of the collections a year of meetings sets off (~10% of the CPU)
    frozen = gc.get_freeze_count() == 0  # (a caller that froze its own keeps it so)
    if frozen:
        gc.freeze()
    workers = Workers(req.jobs) if req.jobs > 1 else None
    try:
        return _run(store, req, hooks, workers)
    finally:
        _WORKER["stash"] = None  # what the render pass did not take
        if workers is not None:
            workers.close()
        if frozen:
            gc.unfreeze()  # a shell that ran this batch collects as before


def _run(store: Any, req: Request, hooks: Hooks, workers: Workers | None) -> Result:
    from yishi import keys, ledger
    from yishi.batch_cache import Cache, Passes

    targets = validate(req)
    output = req.output
    if output.exists() and not output.is_dir():  # refused before anything is numbered
        raise InputError("batch.output_not_dir", path=str(output))
    # an existing symlink where a file of ours would go: refuse before numbering anything
    if output.is_dir():
        for entry in sorted(output.iterdir()):
            if (
                entry.is_symlink()
                and entry.name.startswith(f"{req.year}-")
                and entry.suffix.lstrip(".") in req.formats
            ):
                raise InputError("render.symlink", path=str(entry))
    cache = Cache(store.root, enabled=req.cache)
    known = cache.verified()  # signatures found good before: a memo of the arithmetic
    passes = Passes(cache)  # the records that passed their checks before, and this run
    if cache.enabled:
        passes.load(ledger.bodies(store.root))
        _PASSES[:] = [passes]
    with keys.remembering(known) as found:
        try:
            hooks.recover(store, ledger.bodies(store.root))  # what a kill left
            stash = _WORKER["stash"] = Stash.for_request(req, targets)
            made = not output.is_dir()
            stage = None
            if workers is not None and stash is not None:
                with contextlib.suppress(OSError):  # else no staging: the render pass says why
                    output.mkdir(parents=True, exist_ok=True)
                    stage = Stage(str(output), req.year, name_suffix(req))
            try:
                return _scanned(store, req, hooks, workers, cache, targets, stage)
            finally:
                Stage.discard(stash)
                if made and stage is not None:  # made for staging, and nothing written
                    with contextlib.suppress(OSError):
                        output.rmdir()
        finally:
            _PASSES.clear()
            cache.add_verified(known, found)
            passes.save()


def _scanned(
    store: Any,
    req: Request,
    hooks: Hooks,
    workers: Workers | None,
    cache: Any,
    targets: list[tuple[Path, str]],
    stage: Stage | None,
) -> Result:
    """_run from the scan on."""
    from yishi import render as r

    lang = req.lang
    output = req.output
    heads, broken, unreadable = scan(store, req, cache, hooks, workers, stage)
    result = Result(unreadable=unreadable)
    # a sealed record that does not verify: nothing is numbered or written
    if broken:
        hooks.warn(t("batch.seal_broken", lang, count=len(broken)))
        for mid, problems in broken:
            hooks.warn(f"  {mid}: " + "; ".join(problems))
        result.exit_code = EXIT_CHECK_FAILED
        return result
    # output names must be told apart before anything gets a number
    template = req.template
    suffix = name_suffix(req)
    pairs = {(str(h.body), str(h.type)) for h in heads.values()}
    collisions({f"{b}/{ty}": stem_part(b, ty) for b, ty in sorted(pairs)})

    still_open = sorted(mid for mid, h in heads.items() if h.state == "open")
    if still_open:
        hooks.warn(t("batch.open", lang, count=len(still_open), ids=", ".join(still_open)))
    result.numbered, result.refused = number(store, req, heads, hooks, unreadable, workers, stage)
    if result.refused:
        hooks.warn(t("batch.refused_total", lang, count=result.refused))

    def sequence(h: Head) -> tuple[str, str, int]:
        return str(h.body), str(h.type), h.seq

    issued = sorted(
        (h for h in heads.values() if h.state == "issued" and isinstance(h.seq, int)),
        key=sequence,
    )
    heads.clear()
    if not issued:
        # with meetings left unnumbered for their check errors there were closed meetings:
        # say that none is numbered, not that there are none
        hooks.say(t("batch.none_numbered" if result.refused else "batch.none", lang, year=req.year))
        result.exit_code = 2 if unreadable else EXIT_CHECK_FAILED if result.refused else 0
        return result
    plan: list[Job] = []
    names: dict[str, str] = {}
    for h in issued:
        body_id, type_id, seq = sequence(h)
        files = []
        for path, fmt in targets:
            name = output_name(req.year, seq, body_id, type_id, suffix, fmt)
            names[f"{h.id}.{fmt}"] = name
            files.append((str(path), fmt, str(output / name)))
        plan.append((h.id, h.digest, files))
    collisions(names)  # two records holding one number
    output.mkdir(parents=True, exist_ok=True)
    _sweep_outputs(output, req.year)
    _no_symlinks(output, plan)

    from yishi import sandbox

    builtin = template in r.BUILTIN
    jobs = req.jobs if builtin else sandbox.user_jobs(req.jobs)  # one memory budget
    name = template if builtin else "user"
    with sandbox.shared_memory(jobs if not builtin else 1):
        req.jobs = jobs
        # user templates render in processes started within their memory share
        shared = workers if builtin else None
        written, failures = render_all(store.root, plan, req, hooks, name, shared)
    result.written = written
    for mid, error in failures:
        hooks.warn(t("batch.failed", lang, id=mid, error=error))
    if failures:
        result.exit_code = 2
        return result
    hooks.say(
        t(
            "batch.done",
            lang,
            year=req.year,
            numbered=result.numbered,
            files=written,
            dir=str(output),
        )
    )
    if unreadable:  # the rest was rendered, but the year is not complete
        result.exit_code = 2
    elif result.refused:
        result.exit_code = EXIT_CHECK_FAILED
    return result


__all__ = ["Request", "Hooks", "Head", "Result", "run", "validate", "render_chunk", "scan"]
