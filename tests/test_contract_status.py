"""`yishi status` and `yishi check` agree on a sealed record that no longer verifies
(SPEC §6: "`check` reports it"; issue 12: "`check` and `status` report it"): the status
summary counts the broken seal as the error `check` reports (SEAL_BROKEN)."""

from __future__ import annotations

from tests.helpers import Cli, quick, run_ok


def _summary(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("check: "))


def test_status_counts_a_broken_seal_like_check(cli: Cli) -> None:
    mid = quick(cli, "2024-03-05")
    run_ok(cli, "issue", mid)
    assert _summary(run_ok(cli, "status").stdout).startswith("check: 0 error(s)")
    path = cli.records / f"{mid}.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("同意", "不同意"), encoding="utf-8")
    checked = cli("check", "--format", "json")
    assert checked.exit_code == 1 and '"SEAL_BROKEN"' in checked.stdout
    status = cli("status")
    assert "does NOT verify" in status.stdout
    assert _summary(status.stdout).startswith("check: 1 error(s)")
