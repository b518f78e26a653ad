"""Slack request signatures: nothing from Slack is acted on unless it is signed with the app's secret.

Slack signs ``v0:{timestamp}:{raw body}`` with HMAC-SHA256 and sends ``X-Slack-Signature: v0=<hex>`` and
``X-Slack-Request-Timestamp``. The check must run over the bytes exactly as received (before any JSON or
form parsing re-encodes them), and a timestamp more than five minutes off is refused so a captured
request cannot be replayed later.
"""

from __future__ import annotations

from collections.abc import Mapping

from slack_sdk.signature import Clock, SignatureVerifier

from api.problems import Unauthorized

MAX_AGE_S = 5 * 60


def verify_request(secret: str, body: bytes, headers: Mapping[str, str], clock: Clock | None = None) -> None:
    """Return quietly for a genuine, fresh request from Slack; raise ``Unauthorized`` saying why otherwise."""
    timestamp = headers.get("x-slack-request-timestamp")
    signature = headers.get("x-slack-signature")
    if not timestamp or not signature:
        raise Unauthorized(detail="Not signed by Slack: X-Slack-Signature and X-Slack-Request-Timestamp are required.")
    if not timestamp.isdigit():
        raise Unauthorized(detail="X-Slack-Request-Timestamp must be a Unix time in seconds.")
    verifier = SignatureVerifier(secret, clock or Clock())
    if abs(verifier.clock.now() - int(timestamp)) > MAX_AGE_S:
        raise Unauthorized(detail="The Slack request is more than five minutes old (or from the future); refused.")
    if not verifier.is_valid(body=body, timestamp=timestamp, signature=signature):
        raise Unauthorized(detail="The Slack signature does not match this request.")
