"""Corrupt files in the data dir: the index is rebuilt, or the server says which file is broken."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.reliability.conftest import Server

AUTOML = "Which framework should I pick for AutoML?"


def test_a_truncated_faiss_index_is_recovered(server: Server):
    index = server.data_dir / "index" / "dense.faiss"
    index.write_bytes(index.read_bytes()[:100])
    server.start()
    answer = httpx.post(f"{server.url}/v1/ask", json={"question": AUTOML}, timeout=30)
    assert answer.status_code == 200 and answer.json()["recommendation"] == "tensorflow"


@pytest.mark.parametrize("graph", ["retrieval", "question encoder"])
def test_a_truncated_model_cache_is_a_503_naming_the_file(server: Server, graph: str):
    server.start()  # builds the model cache in the data dir: retrieval's graph and the question encoder's
    server.stop()
    graphs = sorted((server.data_dir / "models").glob("*.onnx"), key=lambda p: "-adapted-" in p.name)
    assert len(graphs) == 2 and "-adapted-" in graphs[1].name
    model = graphs[graph == "question encoder"]
    model.write_bytes(model.read_bytes()[:1000])
    server.start(ready_within=None)
    deadline, health = time.monotonic() + 120, None
    while time.monotonic() < deadline:
        try:
            health = httpx.get(f"{server.url}/healthz", timeout=2)
        except httpx.TransportError:
            health = None
        if health is not None and health.status_code == 503:
            break
        time.sleep(0.2)
    assert health is not None and health.status_code == 503, server.log_tail()
    assert model.name in health.json()["detail"]
    ready = httpx.get(f"{server.url}/readyz", timeout=2)
    assert ready.status_code == 503 and model.name in ready.json()["detail"]
