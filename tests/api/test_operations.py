"""Health, readiness, metrics, API keys, rate limits and the body limit."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import numpy as np
from litestar.testing import TestClient

from api.app import create_app
from api.host import RuntimeHost, link_vectors_path
from api.security import RateLimiter
from tests.api.conftest import make_client


def test_health_ready_and_metrics(client):
    assert client.get("/healthz").json() == {"status": "ok", "runtime": "ready"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["database"] == "writable"
    client.post("/v1/ask", json={"question": "Which framework is easier to debug?"})
    client.get("/v1/nothing")
    text = client.get("/metrics").text
    assert 'weighin_http_requests_total{method="POST",route="/v1/ask",status="200"}' in text
    assert 'weighin_http_request_duration_seconds_bucket{le="0.005",method="POST",route="/v1/ask"}' in text
    assert 'route="unmatched",status="404"' in text
    assert 'weighin_evaluation_jobs{state="queued"}' in text and 'weighin_answers_total{surface="rest"}' in text


def test_healthz_answers_while_the_model_loads(settings):
    release = threading.Event()

    def slow_factory():
        release.wait(30)
        raise RuntimeError("never built in this test")

    host = RuntimeHost(slow_factory)
    with TestClient(create_app(settings, host), raise_server_exceptions=False) as client:
        assert client.get("/healthz").json() == {"status": "ok", "runtime": "loading"}
        not_ready = client.get("/readyz")
        assert not_ready.status_code == 503 and not_ready.headers["retry-after"] == "2"
        waiting = client.post("/v1/ask", json={"question": "Which framework?"})
        assert waiting.status_code == 503 and "loading" in waiting.json()["detail"]
        release.set()
        host.wait(10)
        failed = client.get("/readyz").json()
        assert failed["status"] == 503 and "never built" in failed["detail"]


def test_rate_limit_per_client(api_runtime):
    with make_client(api_runtime, WEIGHIN_RATE_LIMIT="60", WEIGHIN_RATE_BURST="2") as client:
        question = {"question": "Which framework is easier to debug?"}
        assert [client.post("/v1/ask", json=question).status_code for _ in range(2)] == [200, 200]
        limited = client.post("/v1/ask", json=question)
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
        assert limited.headers["content-type"].startswith("application/problem+json")
        # Another client (by key) has its own bucket; reads are not limited.
        other = client.post("/v1/ask", json=question, headers={"X-API-Key": "test-key-2"})
        assert other.status_code == 200 and client.get("/v1/claims").status_code == 200


def test_token_bucket_refills_with_time():
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=1, clock=lambda: now[0])
    assert limiter.take("a") == 0 and limiter.take("a") > 0
    now[0] += 1.0
    assert limiter.take("a") == 0
    assert RateLimiter(per_minute=0, burst=1).take("a") == 0  # off


def test_body_limit(api_runtime):
    with make_client(api_runtime, WEIGHIN_RATE_LIMIT="0", WEIGHIN_MAX_BODY_BYTES="2048") as client:
        response = client.post("/v1/ask", json={"question": "x" * 5000})
        assert response.status_code == 413 and response.headers["content-type"].startswith("application/problem+json")


def test_reads_can_be_closed(api_runtime):
    with make_client(api_runtime, WEIGHIN_API_OPEN_READS="false", WEIGHIN_RATE_LIMIT="0") as client:
        assert client.get("/v1/claims").status_code == 401
        assert client.post("/v1/ask", json={"question": "Which framework?"}).status_code == 401
        assert client.get("/v1/claims", headers={"X-API-Key": "test-key-1"}).status_code == 200
        assert client.get("/healthz").status_code == 200 and client.get("/schema/openapi.json").status_code == 200


def test_without_configured_keys_compute_is_closed(api_runtime):
    with make_client(api_runtime, WEIGHIN_API_KEYS="", WEIGHIN_RATE_LIMIT="0") as client:
        response = client.post("/v1/evaluations", json={}, headers={"X-API-Key": "anything"})
        assert response.status_code == 401 and "WEIGHIN_API_KEYS" in response.json()["detail"]


def test_openapi_documents_the_api_with_examples(client):
    schema = client.get("/schema/openapi.json").json()
    paths = schema["paths"]
    for path in ("/v1/ask", "/v1/chat/completions", "/v1/claims/{claim_id}", "/v1/evaluations/{evaluation_id}/events"):
        assert path in paths
    ask_body = paths["/v1/ask"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    ask_schema = schema["components"]["schemas"][ask_body["$ref"].rsplit("/", 1)[1]]
    assert ask_schema["properties"]["question"]["examples"]
    assert client.get("/schema").status_code == 200


def test_a_failed_load_is_retried_and_healthz_reports_it(settings, api_runtime):
    attempts = []
    database_back = threading.Event()

    def database_down_at_first():
        attempts.append(1)
        if len(attempts) < 3:
            raise ConnectionError("connection refused: 127.0.0.1:5432")
        database_back.wait(30)
        return api_runtime

    host = RuntimeHost(database_down_at_first, retry_delays=(0.05,))
    host._owns_runtime = False
    with TestClient(create_app(settings, host), raise_server_exceptions=False) as client:
        host.wait(10)
        failed = client.get("/healthz")
        assert failed.status_code == 503 and "connection refused" in failed.json()["detail"]
        assert client.get("/readyz").status_code == 503
        database_back.set()
        for _ in range(200):
            if host.state == "ready":
                break
            threading.Event().wait(0.05)
        assert len(attempts) == 3 and client.get("/healthz").json() == {"status": "ok", "runtime": "ready"}
        assert client.get("/readyz").status_code == 200


def test_a_loaded_server_reads_the_claims_links_ahead_once_it_is_ready():
    """No ask pays an encoder call for an unlinked claim: the host reads every claim's links after it is ready."""
    events: list[str] = []
    ready = threading.Event()

    class Evaluations:
        def prepare_links(self) -> None:
            events.append("ready" if ready.is_set() else "not ready")

    class Runtime:
        evaluations = Evaluations()

        def close(self) -> None:
            pass

    host = RuntimeHost(lambda: Runtime())  # type: ignore[arg-type, return-value]
    host.on_ready(lambda _runtime: ready.set())
    host.start()
    assert host.wait(10)
    for _ in range(100):
        if events:
            break
        threading.Event().wait(0.05)
    host.close()
    assert events == ["ready"]


def test_the_claim_vectors_embedded_at_one_start_are_reused_at_the_next(tmp_path):
    """The linker's sentence vectors are kept in the data dir: a restarted server hands them back, and writes
    the file again only when it embedded a sentence the file lacked."""
    vector = np.ones(4, dtype=np.float32) / 2

    class Evaluations:
        def __init__(self) -> None:
            self.reused: dict[str, np.ndarray] = {}
            self.known: dict[str, np.ndarray] = {}

        def reuse_link_vectors(self, vectors: dict[str, np.ndarray]) -> None:
            self.reused = dict(vectors)
            self.known.update(vectors)

        def prepare_links(self) -> None:
            self.known.setdefault("the framework imports fast.", vector)

        def link_vectors(self) -> dict[str, np.ndarray]:
            return dict(self.known)

    def start() -> SimpleNamespace:
        knowledge = SimpleNamespace(data_dir=tmp_path, embedder="minilm")
        runtime = SimpleNamespace(
            settings=SimpleNamespace(knowledge=knowledge),
            knowledge=SimpleNamespace(embedder=SimpleNamespace(name="sentence-transformers/all-MiniLM-L6-v2")),
            evaluations=Evaluations(),
            close=lambda: None,
        )
        host = RuntimeHost(lambda: runtime)  # type: ignore[arg-type, return-value]
        host.start()
        assert host.wait(10)
        assert host._thread is not None
        host._thread.join(10)  # the links are read ahead (and their vectors kept) after the host is ready
        host.close()
        return runtime

    first = start()
    assert first.evaluations.reused == {}
    stored = link_vectors_path(first)  # type: ignore[arg-type]
    written = stored.stat().st_mtime_ns
    second = start()
    assert list(second.evaluations.reused) == ["the framework imports fast."]
    assert np.array_equal(second.evaluations.reused["the framework imports fast."], vector)
    assert stored.stat().st_mtime_ns == written
