"""Slack request signatures: nothing from Slack is acted on unless it is signed with the app's secret.

Slack signs ``v0:{timestamp}:{raw body}`` with HMAC-SHA256 and sends ``X-Slack-Signature: v0=<hex>`` and
``X-Slack-Request-Timestamp``. The check runs over the bytes exactly as received, before anything decodes
or parses them (a body that is not UTF-8, or not JSON, is refused for its signature like any other), and
a timestamp more than five minutes off is refused so a captured request cannot be replayed later; inside
those five minutes the routes deduplicate deliveries by signature (``api.slack.seen``).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Mapping

from api.problems import Unauthorized

MAX_AGE_S = 5 * 60
MAX_TIMESTAMP_DIGITS = 12


def verify_request(secret: str, body: bytes, headers: Mapping[str, str], clock: Callable[[], float] = time.time) -> str:
    """Return the signature of a genuine, fresh request from Slack; raise ``Unauthorized`` saying why otherwise."""
    timestamp = headers.get("x-slack-request-timestamp")
    signature = headers.get("x-slack-signature")
    if not timestamp or not signature:
        raise Unauthorized(detail="Not signed by Slack: X-Slack-Signature and X-Slack-Request-Timestamp are required.")
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > MAX_TIMESTAMP_DIGITS:
        raise Unauthorized(detail="X-Slack-Request-Timestamp must be a Unix time in seconds.")
    if abs(clock() - int(timestamp)) > MAX_AGE_S:
        raise Unauthorized(detail="The Slack request is more than five minutes old (or from the future); refused.")
    expected = "v0=" + hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        raise Unauthorized(detail="The Slack signature does not match this request.")
    return expected
