"""Issue 19, problem 6: the OpenAPI document must state the rules the server enforces, so a client (and
schemathesis) built from it sends only requests the server accepts. The full schemathesis run, stateful
phase included, is ``tests/api/test_schema_fuzz.py``'s slow test (recorded in BENCHMARKS.md)."""

from __future__ import annotations

from tests.api.conftest import make_client
from tests.api.slack.support import slack_app


def test_the_document_states_the_rules_this_server_enforces(api_runtime):
    with make_client(api_runtime) as client:
        document = client.get("/schema/openapi.json").json()
        node = client.post(
            "/v1/evaluations",
            json={"job_ids": ["fake-debugging"], "node": "gpu-1"},
            headers={"X-API-Key": "test-key-1"},
        )
    schemas = document["components"]["schemas"]
    assert schemas["AskRequest"]["properties"]["question"]["maxLength"] == api_runtime.settings.max_question_chars
    contains = schemas["ChatCompletionRequest"]["properties"]["messages"]["contains"]
    assert contains["properties"]["role"] == {"const": "user"}  # a chat needs a user message
    assert schemas["ChatCompletionRequest"]["properties"]["model"]["enum"] == ["weighin"]
    # this server has no Ray: the document says a node cannot be named, and the server refuses one
    assert schemas["EvaluationCreate"]["properties"]["node"]["type"] == "null"
    assert node.status_code == 422 and "Ray" in node.json()["detail"]
    cancel = document["paths"]["/v1/evaluations/{evaluation_id}"]["delete"]
    assert {"200", "401", "404", "409", "429"} <= set(cancel["responses"])
    assert "429" in document["paths"]["/v1/evaluations"]["post"]["responses"]
    # Slack's routes answer 503 until it is configured: they are documented only where it is
    assert not [path for path in document["paths"] if path.startswith("/slack/")]
    with slack_app(api_runtime) as client:
        assert "/slack/events" in client.get("/schema/openapi.json").json()["paths"]
