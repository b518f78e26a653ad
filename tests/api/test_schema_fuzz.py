"""Schemathesis generates requests from the OpenAPI schema; none may produce a server error (5xx), and
(the slow run) none may find the server and its schema disagreeing.

The quick test drives the operations from one test (schemathesis' pytest plugin does not load on this
pytest), each with a bounded, derandomised number of examples so the run is repeatable. The slow one runs
schemathesis' own runner with every check and every phase, stateful links included.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.api.conftest import API_KEY

MAX_EXAMPLES = 15


def test_no_request_the_schema_allows_makes_the_server_fail(live_server):
    schema = schemathesis.openapi.from_url(f"{live_server}/schema/openapi.json")
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14

    def fuzz(operation) -> None:
        label = operation.label

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call(timeout=30)
            if response.status_code >= 500:
                failures.append(f"{label}: {response.status_code} {response.text[:300]}")
            elif response.status_code >= 400 and not _error_body(case.path, response):
                failures.append(f"{label}: {response.status_code} without a problem body (OpenAI's error object)")

        run()

    for operation in operations:
        fuzz(operation)
    assert not failures, "\n".join(failures)


def _error_body(path: str, response) -> bool:
    """A problem document, or on the OpenAI-compatible routes OpenAI's error object (the body gate refuses
    oversized or non-JSON bodies before any route, with a problem document, on every path)."""
    if "problem+json" in str(response.headers.get("content-type")):
        return True
    if path.startswith(("/v1/models", "/v1/chat/completions")):
        return set(response.json().get("error", {})) == {"message", "type", "param", "code"}
    return False


@pytest.mark.slow
def test_every_schemathesis_check_passes_including_stateful_links(live_server, tmp_path):
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        f"--config-file={Path(__file__).parent / 'schemathesis.toml'}",
        "run",
        f"{live_server}/schema/openapi.json",
        "--checks=all",
        "--phases=examples,coverage,fuzzing,stateful",
        "--max-examples=10",
        "--generation-deterministic",
        "--request-timeout=120",
        "--max-response-time=120",  # ingest rebuilds the index: over 10 s on a loaded 2-core machine
        f"--header=Authorization: Bearer {API_KEY}",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1800, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-6000:]
    assert "Stateful" in result.stdout  # the phase that follows links between operations ran
