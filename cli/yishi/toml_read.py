"""TOML reading: tomli's compiled wheels where installed (about 3x faster than the
pure-Python tomllib on meeting records), tomllib otherwise. Same parser, same errors."""

from __future__ import annotations

try:
    from tomli import TOMLDecodeError, loads
except ImportError:  # pragma: no cover - tomli is a dependency, but tomllib is always there
    from tomllib import TOMLDecodeError, loads  # type: ignore[assignment]

__all__ = ["loads", "TOMLDecodeError"]
