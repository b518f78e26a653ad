"""Signatures and configuration: requests signed like Slack's, Slack's Web API mocked with respx."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import pytest

from tests.api.slack.support import (
    AUTOML,
    PROBLEM,
    RESPONSE_URL,
    event_envelope,
    post_form,
    post_json,
    settle,
    sign,
    slack_app,
)

# -- signatures and configuration ------------------------------------------------------------------------


def test_url_verification_returns_the_challenge(slack, slack_api):
    response = post_json(slack, "/slack/events", {"type": "url_verification", "challenge": "3eZbrw1aBm2rZgRNFdxV"})
    assert response.status_code == 200 and response.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV"}


@pytest.mark.parametrize("fault", ["missing", "wrong secret", "tampered body", "stale", "future", "not a number"])
def test_bad_signatures_are_401_and_nothing_is_processed(slack, slack_api, fault):
    envelope = event_envelope(AUTOML)
    body = json.dumps(envelope).encode()
    headers = {
        "missing": {},
        "wrong secret": sign(body, secret="not-the-secret"),
        "tampered body": sign(body.replace(b"AutoML", b"mobile")),
        "stale": sign(body, timestamp=int(time.time()) - 6 * 60),
        "future": sign(body, timestamp=int(time.time()) + 6 * 60),
        "not a number": {**sign(body), "X-Slack-Request-Timestamp": "yesterday"},
    }[fault]
    response = slack.post("/slack/events", content=body, headers={"Content-Type": "application/json", **headers})
    assert response.status_code == 401 and response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["detail"] and "Traceback" not in response.text
    settle(slack)
    assert not slack_api.calls
    # the refused delivery did not use up the event id: the genuine one is answered
    assert post_json(slack, "/slack/events", envelope).status_code == 200
    settle(slack)
    assert slack_api["post"].call_count == 1


@pytest.mark.parametrize("path", ["/slack/commands", "/slack/interactions"])
def test_commands_and_interactions_need_a_signature_too(slack, slack_api, path):
    body = urlencode({"command": "/weighin", "text": "help", "response_url": RESPONSE_URL}).encode()
    response = slack.post(path, content=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 401
    settle(slack)
    assert not slack_api.calls


@pytest.mark.parametrize("path", ["/slack/events", "/slack/commands", "/slack/interactions"])
def test_without_slack_settings_the_routes_are_503_problems(api_runtime, path):
    with slack_app(api_runtime, configured=False) as client:
        response = post_json(client, path, {"type": "url_verification", "challenge": "x"})
    assert response.status_code == 503 and response.headers["content-type"].startswith(PROBLEM)
    assert "WEIGHIN_SLACK_SIGNING_SECRET" in response.json()["detail"]


def test_slack_routes_take_no_api_key_even_with_closed_reads(api_runtime, slack_api):
    with slack_app(api_runtime, WEIGHIN_API_OPEN_READS="false") as client:
        assert client.get("/v1/claims").status_code == 401
        response = post_json(client, "/slack/events", {"type": "url_verification", "challenge": "c"})
    assert response.status_code == 200 and response.json() == {"challenge": "c"}


def test_malformed_payloads_after_a_valid_signature_are_400(slack, slack_api):
    body = b'{"type": "event_callback",'
    response = slack.post("/slack/events", content=body, headers={"Content-Type": "application/json", **sign(body)})
    assert response.status_code == 400 and response.headers["content-type"].startswith(PROBLEM)
    assert post_form(slack, "/slack/commands", {"command": "/weighin", "text": "help"}).status_code == 400
    assert post_form(slack, "/slack/interactions", {"payload": "{not json"}).status_code == 400
