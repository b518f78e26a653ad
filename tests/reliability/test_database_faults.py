"""PostgreSQL outages and refused writes: the server recovers on its own, and never serves a 200 whose
answer it could not log."""

from __future__ import annotations

import time

import httpx
import pytest
import sqlalchemy

from tests.reliability.conftest import PG_ADMIN_URL, Server, TcpProxy

AUTOML = "Which framework should I pick for AutoML?"


def pg_url(database: str, port: int = 5432) -> str:
    return f"postgresql://postgres@127.0.0.1:{port}/{database}"


def admin(sql: str) -> None:
    engine = sqlalchemy.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(sql)
    engine.dispose()


def set_read_only(database: str, read_only: bool) -> None:
    """New sessions of ``database`` may not write; its open sessions are ended so the server reconnects."""
    admin(f"ALTER DATABASE {database} SET default_transaction_read_only = {'on' if read_only else 'off'}")
    admin(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'")


def wait_for(check, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_postgres_down_at_boot_then_up_is_ready_within_seconds(data_dir, tmp_path, postgres_database):
    proxy = TcpProxy(("127.0.0.1", 5432))
    server = Server(data_dir, pg_url(postgres_database, proxy.port), tmp_path, env={"WEIGHIN_RATE_LIMIT": "0"})
    server.start(ready_within=None)
    try:

        def failed() -> bool:
            try:
                return httpx.get(f"{server.url}/healthz", timeout=2).status_code == 503
            except httpx.TransportError:
                return False

        assert wait_for(failed, 120), server.log_tail()
        health = httpx.get(f"{server.url}/healthz", timeout=2).json()
        assert "retrying" in health["detail"] and httpx.get(f"{server.url}/readyz").status_code == 503
        proxy.up()
        assert server.wait_ready(within=40) < 40
        assert httpx.post(f"{server.url}/v1/ask", json={"question": AUTOML}, timeout=30).status_code == 200
    finally:
        server.stop()
        proxy.down()


def test_refused_writes_are_never_a_200_and_readyz_says_why(data_dir, tmp_path, postgres_database):
    server = Server(data_dir, pg_url(postgres_database), tmp_path)
    server.start()
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            assert client.post("/v1/ask", json={"question": AUTOML}).status_code == 200
            set_read_only(postgres_database, True)
            refused = [client.post("/v1/ask", json={"question": f"{AUTOML} {i}"}) for i in range(3)]
            assert [r.status_code for r in refused] == [503] * 3
            assert "could not be logged" in refused[0].json()["detail"]
            not_ready = client.get("/readyz")
            assert not_ready.status_code == 503 and "read-only" in not_ready.json()["detail"]
            set_read_only(postgres_database, False)
            assert wait_for(lambda: client.get("/readyz").status_code == 200, 20)
            assert client.post("/v1/ask", json={"question": AUTOML}).status_code == 200
    finally:
        server.stop()
        set_read_only(postgres_database, False)


def test_an_outage_mid_run_is_503_then_recovers(data_dir, tmp_path, postgres_database):
    proxy = TcpProxy(("127.0.0.1", 5432))
    proxy.up()
    server = Server(data_dir, pg_url(postgres_database, proxy.port), tmp_path)
    server.start()
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            served = [client.post("/v1/ask", json={"question": f"{AUTOML} {i}"}) for i in range(3)]
            proxy.down()
            during = client.post("/v1/ask", json={"question": AUTOML})
            assert during.status_code == 503 and client.get("/readyz").status_code == 503
            proxy.up()
            assert wait_for(lambda: client.get("/readyz").status_code == 200, 30)
            assert client.post("/v1/ask", json={"question": AUTOML}).status_code == 200
            for response in served:
                assert client.get(f"/v1/answers/{response.json()['id']}").status_code == 200
    finally:
        server.stop()
        proxy.down()


@pytest.mark.parametrize("question", ["Which\x00 framework for AutoML?", "AutoML\x1b? TensorFlow or PyTorch"])
def test_a_question_that_cannot_be_stored_erases_nobody_elses_answer(data_dir, tmp_path, postgres_database, question):
    server = Server(data_dir, pg_url(postgres_database), tmp_path)
    server.start()
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            others = [client.post("/v1/ask", json={"question": f"{AUTOML} {i}"}) for i in range(5)]
            bad = client.post("/v1/ask", json={"question": question})
            assert bad.status_code == 422 and "control character" in bad.json()["detail"]
            for response in others:
                assert client.get(f"/v1/answers/{response.json()['id']}").status_code == 200
    finally:
        server.stop()


def test_nul_anywhere_is_a_4xx_on_postgres(data_dir, tmp_path, postgres_database):
    server = Server(data_dir, pg_url(postgres_database), tmp_path)
    server.start()
    auth = {"X-API-Key": "reliability-key"}
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            answer = client.post("/v1/ask", json={"question": AUTOML}).json()
            claim = answer["citations"][0]["claim_id"]
            responses = [
                client.get("/v1/answers/%00"),
                client.get("/v1/answers", params={"q": "\x00"}),
                client.get("/v1/conversations/conv-%00"),
                client.get("/v1/evaluations/eval-%00"),
                client.post("/v1/conversations", json={"title": "\x00"}),
                client.post(
                    f"/v1/answers/{answer['id']}/feedback", json={"rating": "up", "reason": "\x00"}, headers=auth
                ),
                client.post(f"/v1/claims/{claim}/disputes", json={"reason": "\x00"}, headers=auth),
                client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "a\x00b"}]}),
            ]
            assert [r.status_code // 100 for r in responses] == [4] * len(responses), [r.text for r in responses]
            assert client.get(f"/v1/answers/{answer['id']}").status_code == 200
    finally:
        server.stop()
