"""Rate limits are keyed on the validated identity, apply to every compute and write endpoint, and their
bucket table stays bounded (issue 10, item 2)."""

from __future__ import annotations

import pytest

from api.security import OVERFLOW, RateLimiter
from tests.api.conftest import API_KEY, make_client

AUTOML = "Which framework should I pick for AutoML?"


def test_made_up_keys_share_the_address_bucket(api_runtime):
    with make_client(api_runtime, WEIGHIN_RATE_LIMIT="60", WEIGHIN_RATE_BURST="2") as client:
        statuses = [
            client.post("/v1/ask", json={"question": AUTOML}, headers={"X-API-Key": f"made-up-{i}"}).status_code
            for i in range(4)
        ]
        assert statuses == [200, 200, 429, 429]
        # a valid key is its own client
        assert client.post("/v1/ask", json={"question": AUTOML}, headers={"X-API-Key": API_KEY}).status_code == 200
        assert client.app.state.ctx.guards.limiter.clients == 2


def limited_requests(client, ids: dict[str, str]):
    auth = {"X-API-Key": API_KEY}
    chat = {"model": "weighin", "messages": [{"role": "user", "content": AUTOML}]}
    return {
        "ask": lambda: client.post("/v1/ask", json={"question": AUTOML}),
        "chat": lambda: client.post("/v1/chat/completions", json=chat),
        "conversation": lambda: client.post("/v1/conversations", json={}),
        "message": lambda: client.post(f"/v1/conversations/{ids['conversation']}/messages", json={"content": AUTOML}),
        "feedback": lambda: client.post(f"/v1/answers/{ids['answer']}/feedback", json={"rating": "up"}, headers=auth),
        "dispute": lambda: client.post(f"/v1/claims/{ids['claim']}/disputes", json={"reason": "x"}, headers=auth),
        "evaluation": lambda: client.post("/v1/evaluations", json={"job_ids": ["fake-automl"]}, headers=auth),
        "document": lambda: client.post("/v1/documents", json={"filename": "a.md", "content": ""}, headers=auth),
    }


@pytest.mark.parametrize(
    "endpoint", ["ask", "chat", "conversation", "message", "feedback", "dispute", "evaluation", "document"]
)
def test_every_compute_or_write_endpoint_is_limited(api_runtime, client, endpoint):
    answer = client.post("/v1/ask", json={"question": AUTOML}).json()
    ids = {
        "answer": answer["id"],
        "claim": answer["citations"][0]["claim_id"],
        "conversation": client.post("/v1/conversations", json={}).json()["id"],
    }
    with make_client(api_runtime, WEIGHIN_RATE_LIMIT="1", WEIGHIN_RATE_BURST="1") as limited:
        send = limited_requests(limited, ids)[endpoint]
        first, second = send(), send()
        assert first.status_code != 429 and second.status_code == 429, (first.text, second.text)
        if endpoint == "chat":  # the OpenAI-compatible route answers in OpenAI's error object
            assert second.json()["error"]["type"] == "rate_limit_error"
        else:
            assert second.headers["content-type"].startswith("application/problem+json")


def test_bucket_table_is_bounded_and_overflow_is_shared():
    limiter = RateLimiter(per_minute=60, burst=1, clock=lambda: 0.0, max_clients=3)
    assert [limiter.take(f"ip:10.0.0.{i}") for i in range(3)] == [0, 0, 0]
    assert limiter.take("ip:10.0.0.9") == 0  # the first newcomer past the bound: the shared bucket
    assert limiter.take("ip:10.0.0.10") > 0  # ... which the next newcomer finds drained
    assert limiter.clients <= 3 and OVERFLOW in limiter._buckets


def test_refilled_buckets_are_forgotten_before_overflow():
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=1, clock=lambda: now[0], max_clients=2)
    limiter.take("a"), limiter.take("b")
    now[0] += 5.0  # both refilled
    assert limiter.take("c") == 0 and limiter.take("d") == 0 and limiter.clients == 2
