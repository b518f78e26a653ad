"""Fixtures of the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def cli_env(session_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The session's article and index as the CLI's data dir."""
    monkeypatch.setenv("WEIGHIN_DATA_DIR", str(session_data_dir))
    return session_data_dir
