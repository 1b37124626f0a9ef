"""`rules check --format sarif`: an artifact's `uri` is a URI reference (SARIF 2.1.0
§3.10.2: RFC 3986), so a relative file name with a space or Chinese characters is
percent-encoded, as the absolute `file:` URIs already were, and decodes back to the path."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.helpers import EIGHT, Cli


def test_relative_uri_is_percent_encoded_and_decodes_back(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "规则 目录"
    folder.mkdir()
    text = EIGHT.read_text(encoding="utf-8").replace("notice_days", "notice_dayz", 1)
    (folder / "党组 会议.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("rules", "check", "规则 目录/党组 会议.toml", "--format", "sarif")
    assert result.exit_code == 1
    [res] = json.loads(result.stdout)["runs"][0]["results"]
    uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert " " not in uri and uri.isascii()
    assert unquote(uri) == "规则 目录/党组 会议.toml"
