"""Outbound calls to Slack: Web API methods with the bot token, and replies to a command's ``response_url``.

Slack answers most failures with HTTP 200 and ``{"ok": false, "error": "..."}``, so success is read from
the body, not the status. Failures that may pass (``ratelimited`` / HTTP 429, Slack's own 5xx or
``internal_error``, network trouble) are tried again, at most ``RetryPolicy.attempts`` times in all,
waiting what ``Retry-After`` asks or an exponential backoff, both capped; the others (``invalid_auth``,
``channel_not_found``, ``not_in_channel``...) fail at once. Every failure is logged on ``weighin.slack``
and raised as a :class:`~api.slack.errors.SlackError` for the caller to shrug off.

A fresh ``httpx.AsyncClient`` serves each call: the adapter has no shutdown hook to close a shared one,
and Slack traffic is a few calls per question.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from api.slack.errors import SlackApiError, SlackError, SlackTransportError
from assistant.errors import ConfigurationError
from assistant.settings import SlackSettings

log = logging.getLogger("weighin.slack")

RETRYABLE_ERRORS = frozenset(
    {"ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
"""Slack error codes that say "not now" rather than "never"."""

Sleep = Callable[[float], Awaitable[None]]
ReadReply = Callable[[httpx.Response], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 3
    """Tries in all, the first included."""
    base_delay_s: float = 1.0
    """Wait before the first retry when Slack gives no ``Retry-After``; doubled for each later one."""
    max_delay_s: float = 20.0
    """No wait is longer, whatever ``Retry-After`` asks: a background reply should not hang for minutes."""

    def delay(self, attempt: int, retry_after: float | None) -> float:
        wanted = retry_after if retry_after is not None else self.base_delay_s * 2 ** (attempt - 1)
        return max(0.0, min(wanted, self.max_delay_s))


class SlackWebClient:
    def __init__(
        self,
        token: str,
        api_base: str,
        *,
        timeout_s: float = 10.0,
        retry: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._token = token
        self.api_base = api_base if api_base.endswith("/") else api_base + "/"
        self.timeout_s = timeout_s
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._transport = transport

    @classmethod
    def from_settings(cls, settings: SlackSettings, **options: Any) -> SlackWebClient:
        if not settings.bot_token:
            raise ConfigurationError("WEIGHIN_SLACK_BOT_TOKEN is not set")
        return cls(settings.bot_token, settings.api_base, **options)

    async def call(self, method: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Call a Web API method (``chat.postMessage``) with a JSON body; Slack's reply when it says ``ok``."""
        headers = {"Authorization": f"Bearer {self._token}"}
        return await self._send(method, self.api_base + method, payload, headers, web_api_reply)

    async def post_message(
        self, channel: str, text: str, blocks: list[dict[str, Any]], thread_ts: str | None = None
    ) -> dict[str, Any]:
        payload: dict[str, Any] = {"channel": channel, "text": text, "blocks": blocks, "unfurl_links": False}
        if thread_ts:
            payload["thread_ts"] = thread_ts
        return await self.call("chat.postMessage", payload)

    async def update_message(self, channel: str, ts: str, text: str, blocks: list[dict[str, Any]]) -> dict[str, Any]:
        return await self.call("chat.update", {"channel": channel, "ts": ts, "text": text, "blocks": blocks})

    async def respond(self, response_url: str, payload: dict[str, Any]) -> None:
        """Reply through a command's or button's ``response_url`` (no token: the URL is the credential)."""
        await self._send("response_url", response_url, payload, {}, response_url_reply)

    async def _send(
        self, what: str, url: str, payload: dict[str, Any], headers: dict[str, str], read: ReadReply
    ) -> dict[str, Any]:
        attempt = 0
        while True:
            attempt += 1
            try:
                return read(await self._post(url, payload, headers))
            except SlackError as exc:
                if not exc.retryable or attempt >= self.retry.attempts:
                    log.error("slack %s failed after %d attempt(s): %s", what, attempt, exc)
                    raise
                delay = self.retry.delay(attempt, exc.retry_after)
                log.warning("slack %s failed (%s); attempt %d, retrying in %.1f s", what, exc, attempt, delay)
                await self._sleep(delay)

    async def _post(self, url: str, payload: dict[str, Any], headers: dict[str, str]) -> httpx.Response:
        try:
            async with httpx.AsyncClient(timeout=self.timeout_s, transport=self._transport) as http:
                return await http.post(url, json=payload, headers=headers)
        except httpx.TransportError as exc:
            raise SlackTransportError(f"{type(exc).__name__}: {exc}", retryable=True) from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise SlackTransportError(f"{type(exc).__name__}: {exc}", retryable=False) from exc


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return float(response.headers["retry-after"])
    except (KeyError, ValueError):
        return None


def _http_failure(response: httpx.Response, error: str | None = None) -> SlackApiError | None:
    """The error for a 429 / 4xx / 5xx status, or None for a success status."""
    status = response.status_code
    if status < 400:
        return None
    retryable = status == 429 or status >= 500
    return SlackApiError(
        error or f"http_{status}", status=status, retryable=retryable, retry_after=_retry_after(response)
    )


def web_api_reply(response: httpx.Response) -> dict[str, Any]:
    """The reply of a Web API method, or the :class:`SlackApiError` its ``ok: false`` or status describes."""
    try:
        body = response.json()
    except ValueError:
        body = None
    error = str(body.get("error") or "unknown_error") if isinstance(body, dict) and not body.get("ok") else None
    failure = _http_failure(response, error)
    if failure is not None:
        raise failure
    if not isinstance(body, dict):
        raise SlackApiError("invalid_response", status=response.status_code)
    if error is not None:
        retryable = error in RETRYABLE_ERRORS
        raise SlackApiError(error, status=response.status_code, retryable=retryable, retry_after=_retry_after(response))
    return body


def response_url_reply(response: httpx.Response) -> dict[str, Any]:
    """A ``response_url`` answers ``ok`` as text; 404 means it expired or was used up (not worth retrying)."""
    error = response.text.strip()[:100] if 400 <= response.status_code < 500 else ""
    failure = _http_failure(response, error or None)
    if failure is not None:
        raise failure
    return {"ok": True}
