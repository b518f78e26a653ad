"""Prometheus metrics for one app: requests and latency per route, evaluation jobs by state, answers.

Each app owns its registry (no process-global default registry), so several apps in one process, as in
the tests, never share or double-register metrics.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any, cast

from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
UNMATCHED_ROUTE = "unmatched"
METERED = "weighin.metered"


class JobStateCollector(Collector):
    """Reads job counts when scraped, so the gauge is never stale."""

    def __init__(self, job_states: Callable[[], dict[str, int]]) -> None:
        self._job_states = job_states

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily("weighin_evaluation_jobs", "Verification jobs by state", labels=["state"])
        try:
            states = self._job_states()
        except Exception:  # services still loading, or the database is down: report nothing rather than fail
            states = {}
        for state, count in sorted(states.items()):
            family.add_metric([state], count)
        yield family


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "weighin_http_requests", "HTTP requests by route", ["method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "weighin_http_request_duration_seconds",
            "HTTP request latency by route (until the response starts streaming)",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.answers = Counter("weighin_answers", "Answers served by surface", ["surface"], registry=self.registry)

    def count_unrouted(self, scope: Scope, status: int) -> None:
        """Requests the router turned away (404, 405) never reach route middleware; the error handler counts them."""
        scope = cast(Any, scope)
        if not scope.get("state", {}).get(METERED):
            route = scope.get("path_template") or UNMATCHED_ROUTE
            self.requests.labels(scope.get("method", "GET"), route, str(status)).inc()

    def watch_jobs(self, job_states: Callable[[], dict[str, int]]) -> None:
        self.registry.register(JobStateCollector(job_states))

    def render(self) -> bytes:
        return generate_latest(self.registry)

    def middleware(self, app: ASGIApp) -> ASGIApp:
        """ASGI middleware that times every HTTP request and counts it by route template and status."""

        async def measured(asgi_scope: Scope, receive: Receive, send: Send) -> None:
            scope = cast(Any, asgi_scope)
            if scope["type"] != "http":
                await app(asgi_scope, receive, send)
                return
            started = time.perf_counter()
            status = 500
            scope.setdefault("state", {})[METERED] = True

            async def send_and_watch(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                    route = scope.get("path_template") or UNMATCHED_ROUTE
                    self.latency.labels(scope["method"], route).observe(time.perf_counter() - started)
                await send(message)

            try:
                await app(asgi_scope, receive, send_and_watch)
            finally:
                route = scope.get("path_template") or UNMATCHED_ROUTE
                self.requests.labels(scope["method"], route, str(status)).inc()

        return measured
