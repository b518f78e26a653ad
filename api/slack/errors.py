"""Errors of the Slack adapter's outbound calls.

    SlackError
    ├── SlackApiError        Slack (or the response_url) answered, but refused: ``ok: false`` or an HTTP error
    └── SlackTransportError  no usable answer: connection refused, timeout, a URL httpx cannot send to

Each carries ``retryable`` (worth another attempt: rate limits, Slack's own failures, network trouble) and,
when Slack said so, ``retry_after`` in seconds. Inbound problems (bad signature, Slack not configured) are
HTTP errors from ``api.problems`` raised at the route, not part of this tree.
"""

from __future__ import annotations


class SlackError(Exception):
    """An outbound Slack call failed; already logged by the client that raised it."""

    def __init__(self, error: str, *, retryable: bool, retry_after: float | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.retryable = retryable
        self.retry_after = retry_after


class SlackApiError(SlackError):
    """Slack answered and said no; ``error`` is Slack's code (``invalid_auth``) or ``http_<status>``."""

    def __init__(self, error: str, *, status: int, retryable: bool = False, retry_after: float | None = None) -> None:
        super().__init__(error, retryable=retryable, retry_after=retry_after)
        self.status = status

    def __str__(self) -> str:
        return f"{self.error} (HTTP {self.status})"


class SlackTransportError(SlackError):
    """The request got no usable answer at all."""
