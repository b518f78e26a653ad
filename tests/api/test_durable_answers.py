"""An answer is served only once its event is stored; a database that refuses writes makes the server
not ready, saying why (issue 10, item 3)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from tests.api.conftest import api_settings, build_test_runtime, make_client

AUTOML = "Which framework should I pick for AutoML?"


@pytest.fixture
def refusing(session_data_dir, tmp_path, embedder) -> Iterator:
    """A client, and a switch that makes the database refuse every INSERT while it is on."""
    runtime = build_test_runtime(api_settings(session_data_dir, tmp_path / "refusing.db"), embedder)
    runtime.answers._retry_delays = (0.0,)
    switch = {"on": False}

    @event.listens_for(runtime.engine, "before_cursor_execute")
    def refuse(_conn, _cursor, statement, *_args) -> None:
        if switch["on"] and statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise OperationalError(statement, None, Exception("disk I/O error (injected)"))

    try:
        with make_client(runtime, WEIGHIN_RATE_LIMIT="0") as client:
            yield client, switch
    finally:
        runtime.close()


def test_an_answer_that_cannot_be_logged_is_not_served(refusing):
    client, switch = refusing
    assert client.post("/v1/ask", json={"question": AUTOML}).status_code == 200
    switch["on"] = True
    chat = {"model": "weighin", "messages": [{"role": "user", "content": AUTOML}]}
    conversation = client.post("/v1/conversations", json={})
    assert conversation.status_code == 503 and "database is unavailable" in conversation.json()["detail"]
    for response in (client.post("/v1/ask", json={"question": AUTOML}), client.post("/v1/chat/completions", json=chat)):
        assert response.status_code == 503 and "could not be logged" in response.text  # problem or OpenAI error
        assert response.headers["retry-after"]
    page = client.get("/", params={"q": AUTOML})
    assert page.status_code == 503 and "could not be logged" in page.text


def test_readyz_says_when_the_database_refuses_writes(refusing):
    client, switch = refusing
    assert client.get("/readyz").status_code == 200
    switch["on"] = True
    not_ready = client.get("/readyz")
    assert not_ready.status_code == 503 and "refuses writes" in not_ready.json()["detail"]
    assert "disk I/O error" in not_ready.json()["detail"]
    switch["on"] = False
    assert client.get("/readyz").status_code == 200


def test_every_answer_served_is_in_the_log(client):
    served = [client.post("/v1/ask", json={"question": f"{AUTOML} {i}"}) for i in range(10)]
    assert all(r.status_code == 200 for r in served)
    for response in served:
        assert client.get(f"/v1/answers/{response.json()['id']}").status_code == 200
