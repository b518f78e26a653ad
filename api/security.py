"""API keys, client identities and per-client rate limits, applied as Litestar guards on the routes that need them.

Keys come in ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``; compute and write routes always
need one, read routes only when ``WEIGHIN_API_OPEN_READS`` is false. With no keys configured, the
guarded routes are closed (401 saying so), never silently open.

A key is a credential and is never stored or shown: whoever holds one is named by its *identity*,
``key:`` and the first 12 hex digits of the key's SHA-256 (stable across restarts, useless to a reader).
Rate limits are keyed on the validated identity: a valid key's identity, else the client's address, so a
made-up key buys nothing.

The client's address is the TCP peer, unless the peer is a proxy listed in ``WEIGHIN_TRUSTED_PROXIES``:
then it is the right-most ``X-Forwarded-For`` entry that is not itself a trusted proxy (what the proxy
nearest to us saw). With no proxies listed, ``X-Forwarded-For`` is ignored, so a client cannot pick its
own address. :func:`uvicorn_proxy_options` gives uvicorn the same rule.

The guards are coroutines although they never wait: Litestar runs a plain-function guard in a worker thread,
and two such round trips per ask cost more than the checks themselves (none of them does I/O).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.problems import RateLimited, Unauthorized
from assistant.settings import ApiSettings

OVERFLOW = "overflow"
"""The one bucket shared by new clients while the table is full of clients still being limited."""


def presented_key(connection: ASGIConnection) -> str | None:
    auth = connection.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip() or None
    return connection.headers.get("x-api-key") or None


def key_identity(key: str) -> str:
    """How the holder of ``key`` is named in stored rows and logs: never the key itself."""
    return "key:" + hashlib.sha256(key.encode()).hexdigest()[:12]


class TrustedProxies:
    """Which TCP peers may name the client in ``X-Forwarded-For`` (none by default)."""

    def __init__(self, networks: tuple[str, ...] = ()) -> None:
        self._networks = tuple(ipaddress.ip_network(n, strict=False) for n in networks)

    def trusts(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address.strip())
        except ValueError:
            return False
        return any(ip in network for network in self._networks)

    def client_address(self, connection: ASGIConnection) -> str:
        peer = connection.client.host if connection.client else "unknown"
        if not self.trusts(peer):
            return peer
        hops = [hop.strip() for hop in connection.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
        for hop in reversed(hops):
            if not self.trusts(hop):
                return hop
        return hops[0] if hops else peer


@dataclass(frozen=True, slots=True)
class UvicornProxyOptions:
    """uvicorn's forwarded-header settings (its arguments of the same names)."""

    proxy_headers: bool
    forwarded_allow_ips: list[str]


def uvicorn_proxy_options(networks: tuple[str, ...]) -> UvicornProxyOptions:
    """uvicorn's forwarded-header settings for ``WEIGHIN_TRUSTED_PROXIES``: off unless proxies are listed
    (uvicorn would otherwise believe any ``X-Forwarded-For`` arriving from 127.0.0.1)."""
    return UvicornProxyOptions(proxy_headers=bool(networks), forwarded_allow_ips=list(networks))


class KeyRing:
    def __init__(self, keys: tuple[str, ...], proxies: TrustedProxies | None = None) -> None:
        self._keys = tuple(key.encode() for key in keys)
        self._proxies = proxies or TrustedProxies()

    def __bool__(self) -> bool:
        return bool(self._keys)

    def accepts(self, key: str | None) -> bool:
        if key is None:
            return False
        candidate = key.encode()
        # Compare against every key so the time taken does not tell which prefix matched.
        return any([hmac.compare_digest(candidate, known) for known in self._keys])

    def identity(self, connection: ASGIConnection) -> str:
        """The validated identity: a valid key's ``key:<hash prefix>``, else ``ip:<client address>``."""
        key = presented_key(connection)
        if key is not None and self.accepts(key):
            return key_identity(key)
        return "ip:" + self._proxies.client_address(connection)

    def check(self, connection: ASGIConnection, what: str) -> None:
        if not self._keys:
            raise Unauthorized(
                detail=f"{what} needs an API key, and this server has none configured (set WEIGHIN_API_KEYS).",
                headers={"WWW-Authenticate": "Bearer"},
            )
        key = presented_key(connection)
        if key is None:
            raise Unauthorized(
                detail=f"{what} needs an API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not self.accepts(key):
            raise Unauthorized(
                detail="The API key is not valid.", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}
            )

    def scrub_stored(self, engine: Engine) -> int:
        """Rewrite rows stored by older versions as ``key:<the key>`` to the key's identity; returns how many."""
        changed = 0
        with engine.begin() as connection:
            tables = set(engine.dialect.get_table_names(connection))
            for table in ("answer_feedback", "claim_dispute"):  # the only tables that stored keys
                if table not in tables:
                    continue
                for raw in self._keys:
                    key = raw.decode()
                    result = connection.execute(
                        text(f'UPDATE {table} SET "user" = :identity WHERE "user" = :stored'),
                        {"identity": key_identity(key), "stored": "key:" + key},
                    )
                    changed += int(result.rowcount or 0)
        return changed


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Token bucket per client: ``burst`` requests at once, refilled at ``per_minute`` a minute.

    The table holds at most ``max_clients`` buckets. When it is full, buckets that have refilled are
    forgotten (they would start full anyway); if none has, new clients share one :data:`OVERFLOW`
    bucket, so a flood of new addresses is limited as one client instead of growing the table.
    """

    def __init__(
        self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic, max_clients: int = 10_000
    ) -> None:
        self.per_minute = per_minute
        self.burst = max(1, burst)
        self._now = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()
        self._max_clients = max(1, max_clients)

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    @property
    def clients(self) -> int:
        return len(self._buckets)

    def take(self, client: str) -> float:
        """0 when the request may go ahead, else the seconds until it may."""
        if not self.enabled:
            return 0.0
        rate = self.per_minute / 60.0
        now = self._now()
        with self._lock:
            bucket = self._bucket(client, now, rate)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / rate

    def _bucket(self, client: str, now: float, rate: float) -> _Bucket:
        bucket = self._buckets.get(client)
        if bucket is not None:
            self._buckets.move_to_end(client)
            return bucket
        if len(self._buckets) >= self._max_clients:
            self._forget_full(now, rate)
        if len(self._buckets) >= self._max_clients:
            client = OVERFLOW
            if OVERFLOW in self._buckets:
                return self._buckets[OVERFLOW]
            self._buckets.popitem(last=False)  # room for the shared bucket: the least recently seen client
        bucket = self._buckets[client] = _Bucket(float(self.burst), now)
        return bucket

    def _forget_full(self, now: float, rate: float) -> None:
        for client, bucket in list(self._buckets.items()):
            if client != OVERFLOW and bucket.tokens + (now - bucket.updated) * rate >= self.burst:
                del self._buckets[client]


class Guards:
    """The guard callables for one app, built from its settings."""

    def __init__(self, settings: ApiSettings) -> None:
        self.keys = KeyRing(settings.api_keys, TrustedProxies(settings.trusted_proxies))
        self.open_reads = settings.open_reads
        self.limiter = RateLimiter(
            settings.rate_limit_per_minute, settings.rate_burst, max_clients=settings.rate_clients
        )

    def identity(self, connection: ASGIConnection) -> str:
        return self.keys.identity(connection)

    def compute(self, connection: ASGIConnection, _: BaseRouteHandler) -> None:
        """For routes that spend compute or write: evaluations, ingest."""
        self.keys.check(connection, "This endpoint")

    def read(self, connection: ASGIConnection, _: BaseRouteHandler) -> None:
        if not self.open_reads:
            self.keys.check(connection, "Reading from this server")

    def rate(self, connection: ASGIConnection, _: BaseRouteHandler) -> None:
        if not self.limiter.enabled:  # before the identity, which costs more than everything else here
            return
        wait = self.limiter.take(self.identity(connection))
        if wait > 0:
            raise RateLimited(
                detail=f"Too many requests from this client; retry in {math.ceil(wait)} s.",
                headers={"Retry-After": str(math.ceil(wait))},
            )


def _guards(connection: ASGIConnection) -> Guards:
    guards: Guards = connection.app.state.ctx.guards
    return guards


def client_identity(connection: ASGIConnection) -> str:
    """Who sent the request, as stored with feedback and disputes: never a credential."""
    return _guards(connection).identity(connection)


async def require_key(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """Route guard: compute and write endpoints."""
    _guards(connection).compute(connection, handler)


async def rate_limited(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """Route guard: every endpoint that costs compute or writes (after ``require_key`` where both apply)."""
    _guards(connection).rate(connection, handler)


async def read_access(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """App guard: the ``/v1`` API needs a key for reads too when open reads are switched off.

    ``/slack/*`` is deliberately outside it: Slack cannot send our API keys, and every Slack request is
    authenticated by its signature instead (``api.slack.verification``).
    """
    if connection.url.path.startswith("/v1/"):
        _guards(connection).read(connection, handler)
