"""The command layer: a one-shot command builds only itself; the map cannot drift."""

from __future__ import annotations

import subprocess
import sys

import pytest

from yishi import app as app_module


def test_every_command_is_in_the_lazy_map():
    full = app_module.build()
    names = {c.name for c in full.registered_commands}
    groups = {g.name for g in full.registered_groups}
    assert names == set(app_module.COMMANDS)
    assert groups == set(app_module.GROUPS)


@pytest.mark.parametrize(
    "argv,expected",
    [
        (["attend", "zhang"], "attend"),
        (["--records", "r", "--lang", "zh", "vote", "1"], "vote"),
        (["--records=r", "status"], "status"),
        (["rules", "check", "x"], "rules"),
        (["item", "add"], "item"),
        (["--help"], None),
        (["--version"], None),
        (["atend"], None),
        ([], None),
    ],
)
def test_invoked_command(argv, expected):
    assert app_module.invoked(argv) == expected


def test_slim_app_builds_one_command():
    slim = app_module.build("attend")
    assert [c.name for c in slim.registered_commands] == ["attend"]


def test_core_never_imports_the_cli_framework():
    code = (
        "import sys, yishi.rules, yishi.record, yishi.store, yishi.check, yishi.numbering, "
        "yishi.render, yishi.seal, yishi.report; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', "
        "'click', 'jinja2', 'docxtpl')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip() == "[]", proc.stdout


def test_recording_command_does_not_import_heavy_modules():
    code = (
        "import sys; sys.argv = ['yishi', 'rules', 'schema']; from yishi.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jinja2', 'docxtpl')"
        " or m in ('yishi.commands.minutes', 'yishi.check')), file=sys.stderr)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stderr.strip().splitlines()[-1] == "[]"
