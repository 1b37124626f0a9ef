"""`rules check --format github`: one GitHub workflow command per problem (SPEC §2), with
its properties escaped as the runner reads them (% \\r \\n : , in a property; % \\r \\n
in the message), so a file name holding ',' or ':' stays one `file=` property."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import EIGHT, Cli

LINE = re.compile(r"^::(error|warning) file=([^,]*),line=(\d+),col=(\d+),title=([A-Z_]+)::(.+)$")


def test_annotations_parse_back_for_an_awkward_file_name(cli: Cli, tmp_path: Path) -> None:
    name = "规则,v2:草案%.toml"
    path = tmp_path / name
    text = EIGHT.read_text(encoding="utf-8").replace("notice_days", "notice_dayz", 1)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "notice_dayz" in ln)
    result = cli("rules", "check", "--format", "github", str(path))
    assert result.exit_code == 1
    (annotation,) = result.stdout.splitlines()
    match = LINE.match(annotation)
    assert match, annotation
    level, file, row, col, code, message = match.groups()
    unescaped = file.replace("%2C", ",").replace("%3A", ":").replace("%25", "%")
    assert (level, unescaped, int(row), int(col), code) == (
        "error",
        str(path),
        line,
        1,
        "UNKNOWN_KEY",
    )
    assert message.startswith("meeting_types.party_group.notice_dayz: unknown key")


def test_a_plain_file_name_is_unchanged(cli: Cli) -> None:
    result = cli("rules", "check", "--format", "github", str(EIGHT))
    assert result.exit_code == 0 and result.stdout == ""
