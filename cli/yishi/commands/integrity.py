"""`yishi verify` (seal, signature, ledger) and `yishi repair` (after a crash)."""

from __future__ import annotations

import re
from typing import Annotated, Any

import typer

from yishi.commands._common import RecordsOpt, handle_errors, store
from yishi.commands.batching import recover
from yishi.errors import EXIT_CHECK_FAILED, Failed, InputError
from yishi.i18n import current_lang
from yishi.ui import msg, say, warn

app = typer.Typer()


def seal_problems(s: Any, doc: dict[str, Any]) -> list[str]:
    """Why a sealed record cannot be relied on, in the current language (the core's
    yishi.integrity.seal_problems)."""
    from yishi.integrity import seal_problems as problems

    return problems(s, doc, current_lang())


def refuse_if_broken(s: Any, doc: dict[str, Any], meeting_id: str) -> dict[str, Any]:
    """render: a sealed record that does not verify is refused (exit 1). Returns the
    record (read again if a crashed amend of it was completed first)."""
    from yishi.seal import SealBroken

    problems = seal_problems(s, doc)
    if problems:
        recover(s, [doc["meeting"]["body"]])
        doc = s.read(meeting_id)
        problems = seal_problems(s, doc)
    if problems:
        raise SealBroken("render.seal_broken", id=meeting_id, what="; ".join(problems))
    return doc


def _report(result: Any, mid: str, lang: str, quiet_unsealed: bool) -> str:
    """Print one record's verification; returns ok | legacy | changed | unsealed."""
    if result.ok:
        say(
            msg(
                "verify.ok",
                number=result.number,
                generation=result.generation,
                digest=result.digest[:16],
            )
        )
        if result.legacy:
            warn(msg("verify.legacy"))
            return "legacy"
        say(msg("verify.signed", kid=result.signed_by, entry=_entry(result)))
        return "ok"
    if result.status == "unsealed":
        if not quiet_unsealed:
            warn(msg("verify.unsealed", id=mid))
        return "unsealed"
    if result.status == "missing":
        warn(msg("verify.missing", id=mid))
        return "changed"
    warn(msg("verify.changed", id=mid, number=result.number or "-"))
    for change in result.changes:
        extra = msg("verify.generation", generation=change.generation) if change.generation else ""
        warn("  - " + change.message(lang) + extra)
    return "changed"


def _entry(result: Any) -> str:
    return "?" if result.entry in ("", None) else str(result.entry)


def _digest_matches(doc: dict[str, Any], wanted: str) -> int | None:
    """The seal generation whose digest starts with `wanted`, or None."""
    from yishi.seal import generation_of

    seal = doc.get("seal")
    if not isinstance(seal, dict):
        return None
    seals = [seal] + [h for h in seal.get("history", []) if isinstance(h, dict)]
    for one in seals:
        if str(one.get("digest", "")).lower().startswith(wanted):
            return generation_of(one)
    return None


@app.command("verify")
@handle_errors
def verify(
    meeting_id: Annotated[
        str | None,
        typer.Argument(
            help="Meeting id or unique prefix (default: the current meeting).", show_default=False
        ),
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Every record and every ledger of the records directory.")
    ] = False,
    digest: Annotated[
        str | None,
        typer.Option(
            "--digest",
            help="The digest printed at issue / in the minutes' 版记 (without a "
            "meeting id: find the record that has it).",
        ),
    ] = None,
    records: RecordsOpt = None,
) -> None:
    """Prove a sealed record was not changed: digests, signature by a trusted key, ledger
    entry (exit 1 saying what is wrong)."""
    from yishi.errors import RecordError
    from yishi.integrity import verify_ledgers, verify_record

    s = store(records)
    lang = current_lang()
    wanted = None
    if digest is not None:
        wanted = digest.strip().lower()
        if not re.fullmatch(r"[0-9a-f]{8,64}", wanted):
            raise InputError("verify.bad_digest", value=digest[:80])
    if all_:
        ids = s.ids()
    elif meeting_id:
        ids = [s.resolve_id(meeting_id)]
    elif wanted is not None:
        ids = []
        for mid in s.ids():
            try:
                if _digest_matches(s.read(mid), wanted) is not None:
                    ids.append(mid)
            except RecordError:
                continue
        if not ids:
            warn(msg("verify.digest_nowhere", digest=wanted))
            raise Failed(EXIT_CHECK_FAILED)
    else:
        ids = [s.current()]
    tally = {"ok": 0, "legacy": 0, "changed": 0, "unsealed": 0}
    digest_failed = False
    for mid in ids:
        try:
            doc = s.read(mid)
        except RecordError as exc:
            warn(msg("verify.unreadable", id=mid, error=exc.message(lang)))
            tally["changed"] += 1
            continue
        result = verify_record(s, doc, ledger_checks=not all_)
        seal = doc.get("seal") if isinstance(doc.get("seal"), dict) else {}
        tally[_report(result, mid, lang, quiet_unsealed=all_)] += 1
        if wanted is not None and not all_:
            generation = _digest_matches(doc, wanted)
            if generation is None:
                digest_failed = True
                warn(
                    msg(
                        "verify.digest_mismatch",
                        digest=wanted,
                        id=mid,
                        current=str(seal.get("digest", "-"))[:16],
                    )
                )
            else:
                say(
                    msg(
                        "verify.digest_ok",
                        digest=wanted,
                        number=result.number,
                        id=mid,
                        generation=generation,
                    )
                )
                if generation != result.generation:
                    say(msg("verify.digest_later", generation=result.generation))
    ledger_failed = False
    if all_:
        for report in verify_ledgers(s):
            if report.changes:
                ledger_failed = True
                warn(msg("verify.ledger_head", body=report.body))
                for change in report.changes:
                    warn("  - " + change.message(lang))
            else:
                say(msg("verify.ledger_ok", body=report.body, entries=report.entries))
        from yishi.commands.after import verify_task_logs  # 督办 logs (docs/follow-up.md)

        ledger_failed = verify_task_logs(s) > 0 or ledger_failed
        say(
            msg(
                "verify.summary",
                total=len(ids),
                ok=tally["ok"] + tally["legacy"],
                changed=tally["changed"],
                unsealed=tally["unsealed"],
            )
        )
        if tally["legacy"]:
            say(msg("verify.summary_legacy", count=tally["legacy"]))
    failed = tally["changed"] or ledger_failed or digest_failed or (not all_ and tally["unsealed"])
    if failed:
        raise Failed(EXIT_CHECK_FAILED)


@app.command("repair")
@handle_errors
def repair(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only say what would be done.")
    ] = False,
    records: RecordsOpt = None,
) -> None:
    """After a crash: complete issues/amends whose ledger entry never reached its record,
    void the ones that cannot be completed (their numbers stay used), cut a torn ledger
    line, remove temp files of killed writers. Exit 1 if something needs a human."""
    from yishi.integrity import repair as run

    s = store(records)
    actions = run(s, dry_run=dry_run)
    needs_human = False
    for action in actions:
        text = msg(action.key, **action.params)
        if action.key in ("repair.damaged", "repair.missing"):
            needs_human = True
            warn(text)
        else:
            say(text)
    if not actions:
        say(msg("repair.nothing"))
    if needs_human:
        raise Failed(EXIT_CHECK_FAILED)
