"""The wheel ships templates/ and sample_configs/; an editable install finds them too."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT
from yishi import resources


def test_editable_install_finds_repo_level_data():
    assert resources.templates_dir() == ROOT / "templates"
    assert resources.sample_configs_dir() == ROOT / "sample_configs"
    assert resources.template("minutes.md.j2").is_file()
    assert len(resources.sample_configs()) >= 9


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0 and "hatchling" in proc.stderr:
        pytest.skip("hatchling is not installed (make install adds it)")
    assert proc.returncode == 0, proc.stderr
    [built] = out.glob("yishi-*.whl")
    return built


def test_wheel_ships_templates_and_sample_configs(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("minutes.md.j2", "minutes.html.j2", "record.md.j2", "minutes.docx", "record.docx"):
        assert f"yishi/_data/templates/{name}" in names
    samples = {n for n in names if n.startswith("yishi/_data/sample_configs/")}
    assert len(samples) == len(resources.sample_configs())
    assert "yishi/app.py" in names


def test_wheel_ships_the_working_day_calendar_and_notice_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for year in range(2019, 2027):
        assert f"yishi/data/calendar/{year}.toml" in names
    for name in (
        "notice.md.j2",
        "notice.html.j2",
        "notice.docx",
        "signin.md.j2",
        "signin.html.j2",
        "signin.docx",
    ):
        assert f"yishi/_data/templates/{name}" in names


def test_installed_wheel_uses_its_packaged_data(wheel, tmp_path):
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    code = (
        "from yishi import resources; print(resources.templates_dir()); "
        "print(len(resources.sample_configs()))"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    templates, count = proc.stdout.split()
    assert Path(templates) == tmp_path / "site" / "yishi" / "_data" / "templates"
    assert int(count) == len(resources.sample_configs())


def test_samples_command_lists_and_copies(cli, tmp_path):
    listed = cli("rules", "samples").stdout.split()
    assert len(listed) == len(resources.sample_configs())
    copied = cli("rules", "samples", "--copy", str(tmp_path / "mine"))
    assert copied.exit_code == 0
    assert cli("rules", "check", str(tmp_path / "mine")).exit_code == 0
