"""Live evidence followed through by the answer desk (measure what is missing, then answer again); the CLI
only renders it. The jobs are the API tests' fakes, run in real subprocesses."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.conftest import api_settings, build_test_runtime

QUESTION = "Which framework is easier to debug?"


@pytest.fixture
def runtime(session_data_dir: Path, tmp_path: Path, embedder) -> Iterator:
    """A runtime whose evidence database is empty: the debugging claims' fake job is missing."""
    built = build_test_runtime(api_settings(session_data_dir, tmp_path / "live.db"), embedder)
    try:
        yield built
    finally:
        built.close()


def test_the_desk_answers_again_once_the_missing_evidence_is_measured(runtime) -> None:
    import asyncio

    async def follow() -> list:
        served = await runtime.desk.answer(QUESTION, surface="cli", live=True)
        assert served.run is not None and not any(i["verdict"] == "supported" for i in served.answer.evidence)
        return [step async for step in runtime.desk.follow_through(served, surface="cli", timeout_s=120)]

    steps = asyncio.run(follow())
    assert [step.event.kind for step in steps] == ["queued", "started", "job", "done"]
    assert [step.served is not None for step in steps] == [False, False, False, True]
    again = steps[-1].served.answer
    assert again.question == QUESTION and any(item["verdict"] == "supported" for item in again.evidence)


def test_the_cli_renders_the_follow_through(runtime, capsys) -> None:
    from cli.answers import answer_live

    answer_live(runtime.desk, QUESTION, None, wait_s=120, as_json=True)
    captured = capsys.readouterr()
    first, again = (json.loads(line) for line in captured.out.splitlines())
    assert first["evidence"] == [] or not any(i["verdict"] == "supported" for i in first["evidence"])
    assert any(item["verdict"] == "supported" for item in again["evidence"])
    assert "the answer with its evidence" in captured.err
