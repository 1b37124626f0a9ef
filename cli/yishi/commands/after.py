"""After the meeting: 纪要 review (`review`), 督办 tasks (`task add|update|done|reopen|show`)
and the follow-up list (`tasks`). Thin commands over `yishi.record` and `yishi.tasks`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from yishi.commands._common import RecordsOpt, command_line, handle_errors, store
from yishi.errors import EXIT_CHECK_FAILED, Failed, InputError
from yishi.i18n import current_lang
from yishi.ui import msg, say, warn

app = typer.Typer()
task_app = typer.Typer(
    help="督办: follow-up tasks of decisions (add, update, done, reopen, show).",
    no_args_is_help=True,
)

MeetingOpt = Annotated[
    str | None,
    typer.Option(
        "--meeting",
        "-m",
        help="Meeting id or unique prefix (default: the current meeting).",
        show_default=False,
    ),
]
LIST_FORMATS = ("text", "json", "md", "html", "docx")
STYLES = {
    "overdue": "bold red",
    "due_soon": "yellow",
    "on_time": "green",
    "done": "dim",
    "done_late": "dim red",
}


def _meeting_id(s: Any, meeting_id: str | None) -> str:
    return s.resolve_id(meeting_id) if meeting_id else s.current()


# ---------------------------------------------------------------------------- review


@app.command("review")
@handle_errors
def review(
    member: Annotated[str, typer.Argument(help="The member who reviewed the draft 纪要.")],
    comment: Annotated[str, typer.Option("--comment", "-c", help="Their comment (意见).")] = "",
    meeting_id: MeetingOpt = None,
    records: RecordsOpt = None,
) -> None:
    """纪要审阅: record that a member reviewed the draft minutes (before 签发)."""
    from yishi.tasks import clean_text

    s = store(records)
    mid = _meeting_id(s, meeting_id)
    text = clean_text(comment, "comment")
    meeting, entry = s.change(
        mid,
        lambda m: {"op": "review", "member": m.resolve_member(member).id, "comment": text or None},
        command_line(),
    )
    missing = meeting.reviews_missing()
    say(
        msg(
            "review.done",
            name=meeting.rules.member(entry["member"]).name,
            done=len(meeting.reviews),
            total=len(meeting.members),
        )
    )
    if missing:
        say(msg("review.waiting", names="、".join(m.name for m in missing)))
    else:
        say(msg("review.complete"))


# ---------------------------------------------------------------------------- tasks


def _lead(s: Any, ref: str, lead: str | None) -> Any:
    """The lead member for an update, resolved among the members of the task's body."""
    from yishi import tasks as tk

    body, tid = tk.resolve(s.root, ref)
    task = tk.load(s.root, body)[tid]
    return s.meeting(task.meeting).rules.resolve_member(lead)


@task_app.command("add")
@handle_errors
def task_add(
    item: Annotated[int, typer.Argument(help="Item number whose decision is followed up.")],
    owner: Annotated[str, typer.Option("--owner", help="承办单位: the unit that carries it out.")],
    due: Annotated[str, typer.Option("--due", help="办理时限 YYYY-MM-DD")],
    lead: Annotated[str | None, typer.Option("--lead", help="牵头领导 (a member).")] = None,
    text: Annotated[
        str | None, typer.Option("--text", help="What is asked (default: the decision).")
    ] = None,
    candidate: Annotated[
        str | None, typer.Option("--candidate", help="The candidate, on a per-candidate item.")
    ] = None,
    meeting_id: MeetingOpt = None,
    records: RecordsOpt = None,
) -> None:
    """Turn item N's decision into a 督办 task; print its id alone on the last line."""
    from yishi import tasks as tk

    s = store(records)
    mid = _meeting_id(s, meeting_id)
    task = tk.add(
        s,
        mid,
        item,
        command_line(),
        owner=owner,
        due=due,
        lead=lead,
        text=text,
        candidate=candidate,
    )
    if s.meeting(mid).state == "open":
        warn(msg("task.meeting_open", id=mid))
    say(
        msg(
            "task.added",
            id=task.id,
            number=task.number or task.meeting,
            item=task.item,
            owner=task.owner,
            due=task.due.isoformat(),
        )
    )
    say(task.id)


@task_app.command("update")
@handle_errors
def task_update(
    task: Annotated[str, typer.Argument(help="Task id (2024-007, or BODY/2024-007).")],
    note: Annotated[str | None, typer.Option("--note", "-n", help="Progress (进展情况).")] = None,
    due: Annotated[str | None, typer.Option("--due", help="A new due date (延期).")] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="A new 承办单位.")] = None,
    lead: Annotated[str | None, typer.Option("--lead", help="A new 牵头领导.")] = None,
    records: RecordsOpt = None,
) -> None:
    """Record progress on a task, or change its due date, owner or lead."""
    from yishi import tasks as tk

    s = store(records)
    member = _lead(s, task, lead) if lead else None
    done = tk.change(
        s,
        task,
        "update",
        command_line(),
        note=note,
        due=due,
        owner=owner,
        lead=lead,
        lead_member=member,
    )
    say(msg("task.updated", id=done.id, due=done.due.isoformat(), owner=done.owner))


@task_app.command("done")
@handle_errors
def task_done(
    task: Annotated[str, typer.Argument(help="Task id.")],
    note: Annotated[str | None, typer.Option("--note", "-n", help="How it was done.")] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="When it was done, YYYY-MM-DD (default today).")
    ] = None,
    records: RecordsOpt = None,
) -> None:
    """办结: mark a task done."""
    from yishi import tasks as tk

    s = store(records)
    done = tk.change(s, task, "done", command_line(), note=note, on=on)
    key = "task.done_late" if done.done_on and done.done_on > done.due else "task.done"
    say(
        msg(
            key,
            id=done.id,
            on=done.done_on.isoformat() if done.done_on else "",
            due=done.due.isoformat(),
        )
    )


@task_app.command("reopen")
@handle_errors
def task_reopen(
    task: Annotated[str, typer.Argument(help="Task id.")],
    note: Annotated[str | None, typer.Option("--note", "-n", help="Why it is reopened.")] = None,
    records: RecordsOpt = None,
) -> None:
    """Reopen a task marked done."""
    from yishi import tasks as tk

    s = store(records)
    done = tk.change(s, task, "reopen", command_line(), note=note)
    say(msg("task.reopened", id=done.id, due=done.due.isoformat()))


@task_app.command("show")
@handle_errors
def task_show(
    task: Annotated[str, typer.Argument(help="Task id.")],
    records: RecordsOpt = None,
) -> None:
    """A task and its history."""
    from yishi import tasks as tk
    from yishi.clock import now

    s = store(records)
    body, tid = tk.resolve(s.root, task)
    found = tk.load(s.root, body)[tid]
    today = now().date()
    soon = tk.settings(s, [found])[body].soon
    _refresh_numbers(s, [found])
    say(f"{found.id}  {_status_word(found, today, soon)}")
    for key, value in (
        ("task.f.meeting", f"{found.number or found.meeting} #{found.item} {found.title}"),
        ("task.f.decision", found.decision),
        ("task.f.text", found.text),
        ("task.f.owner", found.owner),
        ("task.f.lead", found.lead_name or "-"),
        (
            "task.f.due",
            found.due.isoformat()
            + (f"（{'、'.join(found.due_changes)}）" if found.due_changes else ""),
        ),
    ):
        say(f"  {msg(key)}: {value}")
    for note in found.notes:
        say(f"  {note.at}  {msg(f'task.op.{note.op}')}" + (f"：{note.text}" if note.text else ""))


def _refresh_numbers(s: Any, tasks: list[Any]) -> None:
    """A task added before its meeting was issued shows the number it has now."""
    numbers: dict[str, str] = {}
    for task in tasks:
        if task.number:
            continue
        if task.meeting not in numbers:
            numbers[task.meeting] = _number_of(s, task.meeting)
        task.number = numbers[task.meeting]


def _number_of(s: Any, meeting_id: str) -> str:
    """The minutes number in a record's header: yishi writes `[meeting]` first, so only
    that part is parsed; anything unexpected falls back to reading the whole record."""
    from yishi import toml_read as tomllib
    from yishi.errors import YishiError

    try:
        text = s.path(meeting_id).read_text(encoding="utf-8")
        head = text.split("\n[seal]", 1)[0].split("\n[rules", 1)[0].split("\n[[log]]", 1)[0]
        header = tomllib.loads(head).get("meeting")
        if isinstance(header, dict) and header.get("id") == meeting_id:
            return str(header.get("number", ""))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, YishiError):
        pass
    try:
        return str(s.read(meeting_id)["meeting"].get("number", ""))
    except YishiError:
        return ""


def _status_word(task: Any, today: Any, soon: int = 7) -> str:
    status = task.status(today, soon)
    if status == "overdue":
        return msg("task.s.overdue", days=(today - task.due).days)
    if status == "due_soon":
        days = task.days_left(today)
        return msg("task.s.due_today") if days == 0 else msg("task.s.due_soon", days=days)
    if status == "on_time":
        return msg("task.s.on_time", days=task.days_left(today))
    on = task.done_on.isoformat() if task.done_on else ""
    return msg(f"task.s.{status}", on=on)


@app.command("tasks")
@handle_errors
def tasks(
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue tasks.")] = False,
    open_: Annotated[bool, typer.Option("--open", help="Only tasks not done.")] = False,
    owner: Annotated[str | None, typer.Option("--owner", help="Only this 承办单位.")] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="Only tasks of this year's meetings.")
    ] = None,
    body: Annotated[str | None, typer.Option("--body", help="Only this body id.")] = None,
    meeting_id: Annotated[
        str | None, typer.Option("--meeting", "-m", help="Only tasks of this meeting.")
    ] = None,
    soon: Annotated[
        int | None,
        typer.Option(
            "--soon",
            help="Due within N days counts as due soon (default: the rules' "
            "follow_up.due_soon_days, else 7).",
        ),
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="text | json | md | html | docx (md/html/docx: 督办通知单)",
        ),
    ] = "text",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here (default: stdout; docx needs -o)."),
    ] = None,
    verify: Annotated[
        bool,
        typer.Option("--verify", help="Check the task logs for hand edits (exit 1 naming them)."),
    ] = False,
    records: RecordsOpt = None,
) -> None:
    """督办 list: exit 1 when any listed task is overdue."""
    from yishi import tasks as tk
    from yishi.clock import now

    if format not in LIST_FORMATS:
        raise InputError("cli.bad_format", value=format, allowed=", ".join(LIST_FORMATS))
    if soon is not None and not 0 <= soon <= 365:
        raise InputError("task.bad_soon", value=soon)
    if format == "docx" and output is None:
        raise InputError("render.docx_needs_output")
    s = store(records)
    if verify:
        _verify(s, body)
        return
    mid = s.resolve_id(meeting_id) if meeting_id else None
    today = now().date()
    chosen = [
        t
        for t in tk.load_all(s.root, body)
        if (year is None or t.year == year)
        and (mid is None or t.meeting == mid)
        and (owner is None or t.owner == owner.strip())
        and (not open_ or t.state == "open")
        and (not overdue or t.overdue(today))
    ]
    found = tk.settings(s, chosen)
    windows = {b: soon if soon is not None else v.soon for b, v in found.items()}
    _refresh_numbers(s, chosen)
    late = sum(t.overdue(today) for t in chosen)
    if format == "json":
        say(
            json.dumps(
                {
                    "today": today.isoformat(),
                    "overdue": late,
                    "tasks": [
                        t.to_json(today, windows.get(t.body, tk.DEFAULT_SOON)) for t in chosen
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    elif format == "text":
        _print_tasks(chosen, today, windows)
    else:
        from yishi import duban
        from yishi.render import write_output

        data = duban.render(chosen, found, today, windows, format, owner=owner)
        if output is None:
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
        else:
            write_output(output, data)
            warn(msg("render.written", path=str(output)))
    if late:
        raise Failed(EXIT_CHECK_FAILED)


def _print_tasks(chosen: list[Any], today: Any, windows: dict[str, int]) -> None:
    """One aligned line per task (no table borders to squeeze on a narrow terminal): id,
    due date, status in its colour (overdue red, due soon yellow, on time green), owner,
    lead, meeting and item. NO_COLOR is honoured by rich."""
    from rich.text import Text

    from yishi.report import _width
    from yishi.ui import console

    con = console()
    if not chosen:
        con.print(Text(msg("tasks.none")))
        return
    several = len({t.body for t in chosen}) > 1
    header = [
        msg(f"tasks.col.{key}") for key in ("id", "due", "status", "owner", "lead", "meeting")
    ]
    rows = []
    for t in chosen:
        soon = windows.get(t.body, 7)
        rows.append(
            (
                [
                    t.ref if several else t.id,
                    t.due.isoformat(),
                    _status_word(t, today, soon),
                    t.owner,
                    t.lead_name or "-",
                    f"{t.number or t.meeting} #{t.item} {t.title}"
                    + (f"（{t.candidate}）" if t.candidate else ""),
                ],
                STYLES[t.status(today, soon)],
            )
        )
    widths = [
        max(_width(r[i]) for r in [header] + [cells for cells, _ in rows])
        for i in range(len(header) - 1)
    ]

    def line(cells: list[str], style: str = "") -> Text:
        text = Text()
        for index, cell in enumerate(cells):
            pad = "" if index == len(cells) - 1 else " " * (widths[index] - _width(cell) + 2)
            text.append(cell, style=style if index == 2 else "")
            text.append(pad)
        return text

    con.print(line(header), style="bold")
    for cells, style in rows:
        con.print(line(cells, style))
    done = sum(t.state == "done" for t in chosen)
    late = sum(t.overdue(today) for t in chosen)
    con.print(
        Text(
            msg(
                "tasks.summary", total=len(chosen), done=done, open=len(chosen) - done, overdue=late
            ),
            style="bold red" if late else "bold green",
        )
    )


def verify_task_logs(s: Any, body: str | None = None) -> int:
    """Check every 督办 log (or one body's), printing each result; the number that failed.
    Used by `tasks --verify` and `verify --all`."""
    from yishi import tasks as tk

    lang = current_lang()
    failed = 0
    for name in (b for b in tk.bodies(s.root) if body is None or b == body):
        result = tk.verify(s, name)
        if result.torn:
            warn(msg("task.verify.torn", path=result.path))
        if result.ok:
            say(
                msg(
                    "tasks.verify_ok",
                    body=name,
                    entries=result.entries,
                    tasks=result.tasks,
                    head=result.head[:16],
                    signed=result.signed,
                )
            )
            continue
        failed += 1
        warn(msg("tasks.verify_failed", body=name, path=result.path))
        for problem in result.problems:
            warn("  - " + problem.message(lang))
    return failed


def _verify(s: Any, body: str | None) -> None:
    from yishi import tasks as tk

    if not [b for b in tk.bodies(s.root) if body is None or b == body]:
        say(msg("tasks.verify_none"))
        return
    if verify_task_logs(s, body):
        raise Failed(EXIT_CHECK_FAILED)


__all__ = ["app", "task_app", "verify_task_logs"]
