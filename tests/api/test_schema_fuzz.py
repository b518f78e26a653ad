"""Schemathesis generates requests from the OpenAPI schema; none may produce a server error (5xx).

The operations are driven from one test (schemathesis' pytest plugin does not load on this pytest), each
with a bounded, derandomised number of examples so the run is repeatable and quick.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

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
            elif response.status_code >= 400 and "problem+json" not in str(response.headers.get("content-type")):
                failures.append(f"{label}: {response.status_code} without a problem body")

        run()

    for operation in operations:
        fuzz(operation)
    assert not failures, "\n".join(failures)
