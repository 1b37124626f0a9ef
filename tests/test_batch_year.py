"""A generated year through `yishi batch`: the same bytes every way it can be produced.

60 meetings (bench/gen.py, fixed seed; `make bench` does 1,000) are numbered, sealed and
rendered to md, html and docx (会议纪要) and md (会议记录). The files must be identical:

- to the committed digests in tests/golden/batch-year.json, taken with yishi before the
  batch cache, the streaming batch and the docx work (so those changed no output byte);
- between the first run (numbering) and re-runs: with the cache cold, with every entry
  hit, with `--no-cache`, with `--jobs 2`, and after deleting `records/.cache/`.

docx files are compared member by member (the XML parts and media of the zip): the zip
container is also identical today, but the promise is about the document. Regenerate the
golden file after an intended change of the minutes with
`YISHI_WRITE_GOLDEN=1 pytest tests/test_batch_year.py` (and say why in the commit).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from helpers import Cli, bench_gen

ROOT = Path(__file__).parent.parent
GOLDEN = ROOT / "tests" / "golden" / "batch-year.json"
MEETINGS = 60


def generated_year(records: Path) -> list[str]:
    gen = bench_gen()
    rules = records.parent / "rules-year.toml"
    rules.write_text(gen.rules_text(2, 15), encoding="utf-8")
    return gen.write_year(records, rules, MEETINGS, year=2024)


def digests(out: Path) -> dict[str, str | dict[str, str]]:
    """file name -> sha256 (a .docx: member name -> sha256)."""
    found: dict[str, str | dict[str, str]] = {}
    for path in sorted(out.iterdir()):
        data = path.read_bytes()
        if path.suffix == ".docx":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                found[path.name] = {
                    n: hashlib.sha256(z.read(n)).hexdigest() for n in sorted(z.namelist())
                }
        else:
            found[path.name] = hashlib.sha256(data).hexdigest()
    return found


def batch(cli: Cli, out: str, *extra: str, template: str = "minutes") -> None:
    formats = "md,html,docx" if template == "minutes" else "md"
    args = ["batch", "--year", "2024", "--format", formats, "-o", out, "--template", template]
    result = cli(*args, *extra)
    assert result.exit_code == 0, result.output[-3000:]


@pytest.fixture
def year(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.chdir(tmp_path)  # relative -o: the logged command line is the same every run
    cli = Cli(Path("records"))
    generated_year(tmp_path / "records")
    return cli


def test_a_generated_year_renders_as_before(year: Cli, tmp_path: Path) -> None:
    batch(year, "first")  # numbers, seals and renders
    batch(year, "first", template="record")
    found = digests(tmp_path / "first")
    assert len(found) == 4 * MEETINGS
    if os.environ.get("YISHI_WRITE_GOLDEN"):
        GOLDEN.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(found) == sorted(golden)
    differ = [name for name in golden if found[name] != golden[name]]
    assert not differ, f"{len(differ)} files differ from before, e.g. {differ[:3]}"


def test_every_way_of_rendering_the_year_gives_the_same_bytes(year: Cli, tmp_path: Path) -> None:
    batch(year, "first")
    expected = digests(tmp_path / "first")
    cache = tmp_path / "records" / ".cache"
    runs = [
        ("warm", ()),  # output entries from the first run; heads written now
        ("hit", ()),  # every entry hit
        ("nocache", ("--no-cache",)),
        ("jobs2", ("--jobs", "2")),
    ]
    for name, extra in runs:
        batch(year, name, *extra)
        assert digests(tmp_path / name) == expected, name
    assert cache.is_dir() and (cache / ".gitignore").read_text() == "*\n"
    shutil.rmtree(cache)
    batch(year, "rebuilt", "--jobs", "2")
    assert digests(tmp_path / "rebuilt") == expected
    # and `yishi render` of one meeting, outside batch, says the same
    first = sorted((tmp_path / "first").glob("2024-001-*-party_group.md"))[0]
    meeting_id = sorted(p.stem for p in (tmp_path / "records").glob("*party_group*.toml"))[0]
    assert year("render", meeting_id, "-o", "one.md").exit_code == 0
    assert (tmp_path / "one.md").read_bytes() == first.read_bytes()


def test_a_first_run_on_two_cores_writes_what_a_render_gives(
    year: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--jobs 2` on a year never numbered: the workers compose each sealed record and
    render its files ahead of the main process, which commits them (batch.SealAhead). The
    files are those a plain render of the sealed records gives (not the golden ones: the
    issue event logs the command line, --jobs 2)."""
    from yishi import batch as core

    rendered: list[int] = []
    commit = core._commit_group

    def counted(*args: object) -> int:
        group = args[5]
        # the files rendered, whether written under temporary names (staged) or not
        rendered.extend(len(made[4]) + len(made[5]) for made in group)  # type: ignore[attr-defined,index]
        return commit(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(core, "_commit_group", counted)
    batch(year, "first", "--jobs", "2")
    assert rendered == [3] * MEETINGS  # md, html and docx of every meeting, from the workers
    found = digests(tmp_path / "first")
    assert len(found) == 3 * MEETINGS
    batch(year, "again", "--no-cache")
    assert digests(tmp_path / "again") == found
