"""Where the packaged data lives: default templates and sample rules files.

In a wheel they are shipped inside the package (`yishi/_data/templates`,
`yishi/_data/sample_configs`, see the force-include in pyproject.toml); in a repo checkout
or an editable install they are the repo-level `templates/` and `sample_configs/`.
"""

from __future__ import annotations

from pathlib import Path

from yishi.errors import InputError

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent.parent  # cli/yishi -> repo root


_FOUND: dict[tuple[Path, Path, str], Path] = {}  # batch asks per file it renders: two stats


def data_dir(name: str) -> Path:
    """The directory `name` (templates | sample_configs), packaged copy first."""
    key = (_PACKAGE, _REPO, name)
    found = _FOUND.get(key)
    if found is not None:
        return found
    for candidate in (_PACKAGE / "_data" / name, _REPO / name):
        if candidate.is_dir():
            _FOUND[key] = candidate
            return candidate
    raise InputError("resources.missing", name=name)


def templates_dir() -> Path:
    return data_dir("templates")


def sample_configs_dir() -> Path:
    return data_dir("sample_configs")


def template(filename: str) -> Path:
    """A default template by file name, e.g. `minutes.md.j2` or `record.docx`."""
    path = templates_dir() / filename
    if not path.is_file():
        raise InputError("resources.missing", name=f"templates/{filename}")
    return path


def sample_configs() -> list[Path]:
    return sorted(sample_configs_dir().glob("*.toml"))


__all__ = ["data_dir", "templates_dir", "sample_configs_dir", "template", "sample_configs"]
