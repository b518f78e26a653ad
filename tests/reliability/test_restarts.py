"""A server that stops or crashes comes back at once on the same port, and every answer it returned with
200 before a kill -9 is in the log afterwards."""

from __future__ import annotations

import threading
import time

import httpx

from tests.reliability.conftest import Server

AUTOML = "Which framework should I pick for AutoML?"


def test_restarts_on_the_same_port_while_a_keep_alive_client_is_connected(server: Server):
    server.start()
    with httpx.Client(base_url=server.url, timeout=10) as client:
        assert client.get("/healthz").status_code == 200  # the connection stays open (keep-alive)
        server.stop()
        server.start(ready_within=120)  # before the fix: "Address already in use" for about a minute
        assert client.get("/healthz").status_code == 200
    server.kill()
    server.start(ready_within=120)


def ask_until(url: str, stop: threading.Event, served: list[str], failed: list[int]) -> None:
    with httpx.Client(base_url=url, timeout=30) as client:
        i = 0
        while not stop.is_set():
            i += 1
            try:
                response = client.post("/v1/ask", json={"question": f"{AUTOML} ({threading.get_ident()} {i})"})
            except httpx.TransportError:
                return  # the server died under us: whatever had no answer was never served
            if response.status_code == 200:
                served.append(response.json()["id"])
            else:
                failed.append(response.status_code)


def test_no_answer_returned_with_200_is_lost_to_a_kill_9(server: Server):
    server.start()
    stop, served, failed = threading.Event(), [], []
    clients = [threading.Thread(target=ask_until, args=(server.url, stop, served, failed)) for _ in range(8)]
    for client in clients:
        client.start()
    deadline = time.monotonic() + 60
    while len(served) < 40 and time.monotonic() < deadline:
        time.sleep(0.05)
    server.kill()  # mid-burst: requests are in flight
    stop.set()
    for client in clients:
        client.join(30)
    assert len(served) >= 40 and not failed
    server.start()
    with httpx.Client(base_url=server.url, timeout=10) as client:
        missing = [i for i in served if client.get(f"/v1/answers/{i}").status_code != 200]
    assert not missing, f"{len(missing)} of {len(served)} answers served with 200 are not in the log"
