"""Issue 19, problem 6: the OpenAPI document must state the rules the server enforces, so a client (and
schemathesis) built from it sends only requests the server accepts. The full schemathesis run, stateful
phase included, is ``tests/api/test_schema_fuzz.py``'s slow test (recorded in BENCHMARKS.md)."""

from __future__ import annotations

from tests.api.conftest import make_client


def test_the_document_states_the_limits_the_server_enforces(api_runtime):
    with make_client(api_runtime) as client:
        document = client.get("/schema/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert schemas["AskRequest"]["properties"]["question"]["maxLength"] == api_runtime.settings.max_question_chars
    contains = schemas["ChatCompletionRequest"]["properties"]["messages"]["contains"]
    assert contains["properties"]["role"] == {"const": "user"}  # a chat needs a user message
    assert schemas["EvaluationCreate"]["properties"]["node"]["type"] == "null"  # this server has no Ray
    cancel = document["paths"]["/v1/evaluations/{evaluation_id}"]["delete"]
    assert {"200", "401", "404", "409", "429"} <= set(cancel["responses"])
    assert "429" in document["paths"]["/v1/evaluations"]["post"]["responses"]
    assert schemas["ChatCompletionRequest"]["properties"]["model"]["enum"] == ["weighin"]
    assert not [path for path in document["paths"] if path.startswith("/slack/")]  # Slack is not configured here


def test_slack_routes_are_documented_where_slack_is_configured(api_runtime):
    from tests.api.slack.support import slack_app

    with slack_app(api_runtime) as client:
        assert "/slack/events" in client.get("/schema/openapi.json").json()["paths"]


def test_an_evaluation_naming_a_node_on_a_server_without_ray_is_refused_as_documented(api_runtime):
    with make_client(api_runtime) as client:
        refused = client.post(
            "/v1/evaluations",
            json={"job_ids": ["fake-debugging"], "node": "gpu-1"},
            headers={"X-API-Key": "test-key-1"},
        )
    assert refused.status_code == 422 and "Ray" in refused.json()["detail"]
