"""Issue 19, problem 5: with the disk full, ``/readyz`` said 200 while every ask got 503 (its one-row probe
still fit in a page), the 503 carried the raw SQLite/SQLAlchemy error, and a malformed ``Content-Length``
got a plain-text 400. SQLite's ``max_page_count`` makes the database full for real here."""

from __future__ import annotations

import socket

from sqlalchemy import event

from tests.api.conftest import api_settings, build_test_runtime, make_client

DRIVER_TEXT = ("sqlite3", "OperationalError", "sqlalchemy", "Background on this error", "INSERT INTO")


def fill_the_disk(engine) -> None:
    """Every connection from now on may not grow the database file past its current size."""

    def cap(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    event.listen(engine, "connect", cap)
    engine.dispose()


def test_readyz_turns_503_when_answers_cannot_be_logged_and_says_disk_full(embedder, tmp_path):
    runtime = build_test_runtime(api_settings(tmp_path / "data", tmp_path / "db.sqlite"), embedder)
    try:
        with make_client(runtime, WEIGHIN_RATE_LIMIT="0") as client:
            assert client.get("/readyz").status_code == 200
            fill_the_disk(runtime.engine)
            question = {"question": "Which framework is easier to debug? " + "Please explain in detail. " * 60}
            statuses = [client.post("/v1/ask", json=question) for _ in range(40)]
            refused = [r for r in statuses if r.status_code == 503]
            assert refused, [r.status_code for r in statuses]
            detail = refused[0].json()["detail"]
            assert "the answer log cannot be written: disk full" in detail.lower(), detail
            assert not any(text in detail for text in DRIVER_TEXT), detail
            ready = client.get("/readyz")
            assert ready.status_code == 503 and "the answer log cannot be written: disk full" in ready.json()["detail"]
            assert not any(text in ready.text for text in DRIVER_TEXT), ready.text
    finally:
        runtime.close()


def raw_request(port: int, head: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(head)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_malformed_content_length_gets_a_problem_document(api_runtime):
    import threading
    import time

    import uvicorn

    from api.http_protocol import UVICORN_OPTIONS

    port = 8152
    with make_client(api_runtime) as client:  # the app as `weighin serve` runs it, over a real socket
        config = uvicorn.Config(client.app, host="127.0.0.1", port=port, log_level="error", **UVICORN_OPTIONS)
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            deadline = time.monotonic() + 30
            while not server.started and time.monotonic() < deadline:
                time.sleep(0.05)
            assert b"200 OK" in raw_request(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            for length in (b"-1", b"1" * 23):
                head = b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                reply = raw_request(port, head + length + b"\r\n\r\n{}")
                status, _, body = reply.partition(b"\r\n\r\n")
                assert status.startswith(b"HTTP/1.1 400") and b"application/problem+json" in status, reply
                assert b"Content-Length" in body and b'"status": 400' in body, body
        finally:
            server.should_exit = True
            thread.join(10)
