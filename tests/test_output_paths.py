"""Where `yishi batch` and `yishi render` write: hostile titles, body and type ids, template
names and meeting ids give safe file names inside the output directory; a symlink at an
output path is never followed."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from tests.helpers import EIGHT, Cli

SAFE_NAME = re.compile(
    r"^\d{4}-\d{3}-[A-Za-z0-9_-]{1,60}-[A-Za-z0-9_-]{1,60}"
    r"(-[A-Za-z0-9_-]{1,60})*\.(md|html|docx)$"
)
HOSTILE_TITLES = [
    "../../../etc/passwd",
    "a/b\\c",
    "..",
    "x\x00y",
    "铃\x07声\x1b[31m红",
    "line\nbreak\r\n",
    "长" * 3000,
    "/abs/path",
    "CON",
    " . ",
]


def ok(cli: Cli, *args: str) -> Any:
    result = cli(*args)
    assert result.exit_code == 0, (args, result.output)
    return result


def meeting(
    cli: Cli, title: str, date: str = "2024-03-05", rules: Path = EIGHT, type: str = "party_group"
) -> str:
    result = cli("open", str(rules), "--type", type, "--date", date, "--title", title)
    if result.exit_code != 0:
        # a title yishi refuses is fine (exit 2, a message); then hold it untitled
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        result = cli("open", str(rules), "--type", type, "--date", date)
        assert result.exit_code == 0, result.output
    meeting_id = result.output.strip().splitlines()[-1]
    members = tomllib.loads(rules.read_text(encoding="utf-8"))["members"]
    ok(cli, "attend", *[m["id"] for m in members])
    ok(
        cli,
        "item",
        "add",
        title if title.strip() and "\x00" not in title else "议题",
        "--kind",
        "general",
    )
    ok(cli, "vote", "1", "--method", "hands", "--yes", ",".join(m["id"] for m in members))
    ok(cli, "decide", "1", "同意")
    ok(cli, "close")
    return meeting_id


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")} if root.exists() else set()


def assert_safe_outputs(out: Path, count: int, formats: tuple[str, ...] = ("md",)) -> None:
    written = sorted(out.iterdir())
    assert len(written) == count, written
    for path in written:
        assert path.resolve().parent == out.resolve()
        assert SAFE_NAME.match(path.name), path.name
        assert len(path.name.encode()) < 255 and path.suffix.lstrip(".") in formats
        assert path.is_file() and not path.is_symlink()


def test_hostile_titles_give_safe_names(cli: Cli, tmp_path: Path) -> None:
    for index, title in enumerate(HOSTILE_TITLES):
        meeting(cli, title, date=f"2024-03-{index + 1:02d}")
    out = tmp_path / "out"
    before = files_under(tmp_path) - files_under(out)
    result = cli("batch", "--force", "--year", "2024", "-o", str(out), "--format", "md,html")
    assert result.exit_code == 0, result.output
    assert_safe_outputs(out, 2 * len(HOSTILE_TITLES), ("md", "html"))
    # nothing appeared anywhere else (only the records changed, and the output dir)
    after = files_under(tmp_path) - files_under(out) - {out}
    assert {p for p in after - before if cli.records not in p.parents} == set()


def long_rules(tmp_path: Path) -> Path:
    raw = tomllib.loads(EIGHT.read_text(encoding="utf-8"))
    raw["body"]["id"] = "b" + "-x" * 31 + "y"  # 64 characters, the longest slug allowed
    raw["meeting_types"] = {"t" + "_" * 62 + "z": raw["meeting_types"]["party_group"]}
    raw["meeting_types"]["t" + "_" * 62 + "z"].pop("first_item", None)
    path = tmp_path / "long.toml"
    path.write_text(tomli_w.dumps(raw), encoding="utf-8")
    return path


def test_longest_ids_give_short_enough_names(cli: Cli, tmp_path: Path) -> None:
    rules = long_rules(tmp_path)
    ok(cli, "rules", "check", str(rules))
    meeting(cli, "长会", rules=rules, type="t" + "_" * 62 + "z")
    out = tmp_path / "out"
    ok(cli, "batch", "--force", "--year", "2024", "-o", str(out), "--format", "md")
    assert_safe_outputs(out, 1)


@pytest.mark.parametrize(
    "field,value",
    [
        ("body", "../../../escaped"),
        ("body", "a/b/c"),
        ("body", "x\x00y"),
        ("body", ".."),
        ("body", "z" * 5000),
        ("type", "../party_group"),
        ("id", "../../x"),
        ("date", "2024-03-05/../../x"),
    ],
)
def test_hand_edited_record_cannot_steer_the_output(
    cli: Cli, tmp_path: Path, field: str, value: str
) -> None:
    """A record edited by hand (or copied in from elsewhere) with a hostile header value:
    batch either refuses it cleanly or writes a safe name inside the output directory."""
    meeting_id = meeting(cli, "正常会议")
    path = cli.records / f"{meeting_id}.toml"
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    doc["meeting"][field] = value
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    out = tmp_path / "deep" / "out"
    outside = files_under(tmp_path)
    result = cli("batch", "--force", "--year", "2024", "-o", str(out), "--format", "md")
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    created = files_under(tmp_path) - outside
    for new in created:
        assert (
            out in new.parents or new == out or cli.records in new.parents or new == out.parent
        ), f"written outside the output directory: {new}"
    if out.exists():
        for written in out.iterdir():
            assert SAFE_NAME.match(written.name), written.name


def test_hostile_template_name_gives_safe_suffix(cli: Cli, tmp_path: Path) -> None:
    meeting(cli, "模板会议")
    templates = tmp_path / "tpl"
    templates.mkdir()
    template = templates / "..evil \x01名字 $(rm) ;x.md"
    template.write_text("# {{ meeting.number }}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = cli("batch", "--force", "--year", "2024", "-o", str(out), "--template", str(template))
    assert result.exit_code == 0, result.output
    assert_safe_outputs(out, 1)


@pytest.mark.parametrize("fmt", ["md", "docx"])
@pytest.mark.parametrize("dangling", [False, True])
def test_batch_refuses_a_symlink_at_an_output_path(
    cli: Cli, tmp_path: Path, fmt: str, dangling: bool
) -> None:
    meeting_id = meeting(cli, "符号链接")
    out = tmp_path / "out"
    # learn the name batch uses, in a scratch copy of the records
    scratch = Cli(tmp_path / "scratch-records")
    scratch.records.mkdir()
    for src in cli.records.glob("*.toml"):
        (scratch.records / src.name).write_bytes(src.read_bytes())
    ok(
        scratch,
        "batch",
        "--force",
        "--year",
        "2024",
        "-o",
        str(tmp_path / "probe"),
        "--format",
        fmt,
    )
    (name,) = [p.name for p in (tmp_path / "probe").iterdir()]

    victim = tmp_path / "victim.txt"
    if not dangling:
        victim.write_text("do not touch", encoding="utf-8")
    out.mkdir()
    os.symlink(victim, out / name)
    record_before = (cli.records / f"{meeting_id}.toml").read_bytes()
    result = cli("batch", "--force", "--year", "2024", "-o", str(out), "--format", fmt)
    assert result.exit_code == 2, result.output
    assert "symlink" in result.output.lower() or "符号链接" in result.output
    assert (out / name).is_symlink()
    if dangling:
        assert not victim.exists(), "followed a dangling symlink"
    else:
        assert victim.read_text(encoding="utf-8") == "do not touch"
    # refused before anything was numbered
    assert (cli.records / f"{meeting_id}.toml").read_bytes() == record_before


def test_render_refuses_symlinks_and_directories(cli: Cli, tmp_path: Path) -> None:
    meeting_id = meeting(cli, "渲染")
    ok(cli, "issue", meeting_id, "--force")
    victim = tmp_path / "victim.md"
    victim.write_text("keep", encoding="utf-8")
    link = tmp_path / "link.md"
    os.symlink(victim, link)
    dangling = tmp_path / "dangling.md"
    os.symlink(tmp_path / "nowhere.md", dangling)
    directory = tmp_path / "dir.md"
    directory.mkdir()
    for target in (link, dangling, directory):
        result = cli("render", meeting_id, "-o", str(target))
        assert result.exit_code == 2, (target, result.output)
    assert victim.read_text(encoding="utf-8") == "keep"
    assert not (tmp_path / "nowhere.md").exists()
    assert list(directory.iterdir()) == []


@pytest.mark.parametrize(
    "meeting_id", ["../../etc/passwd", "a/b", "x\x01", "..", "/tmp", "-rf", "z" * 5000]
)
def test_hostile_meeting_ids_are_refused(cli: Cli, meeting_id: str) -> None:
    meeting(cli, "会议")
    for args in (
        ("render", meeting_id),
        ("check", meeting_id),
        ("use", meeting_id),
        ("verify", meeting_id),
        ("issue", meeting_id),
    ):
        result = cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output


def test_render_creates_missing_folders_like_batch(cli: Cli, tmp_path: Path) -> None:
    meeting_id = meeting(cli, "渲染")
    target = tmp_path / "new" / "dir" / "x.docx"
    ok(cli, "render", meeting_id, "-o", str(target))
    assert target.is_file() and target.stat().st_size > 0
    ok(cli, "render", meeting_id, "-o", str(tmp_path / "a" / "b" / "纪要.md"))
    assert "会议纪要" in (tmp_path / "a" / "b" / "纪要.md").read_text(encoding="utf-8")
    # a file where a folder should be: refused, exit 2, no traceback
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    result = cli("render", meeting_id, "-o", str(tmp_path / "plain" / "sub" / "x.md"))
    assert result.exit_code == 2 and "Traceback" not in result.output
    # a render that fails creates no folder
    result = cli(
        "render",
        meeting_id,
        "-t",
        str(tmp_path / "missing.j2"),
        "-o",
        str(tmp_path / "never" / "x.md"),
    )
    assert result.exit_code == 2
    assert not (tmp_path / "never").exists()
