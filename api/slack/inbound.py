"""What Slack sent, read into small values: the question in an event, a slash command, a button press.

Parsing runs only after the signature check has passed on the raw bytes. Events and interactions the
bot does not act on (its own messages, edits and other ``subtype`` messages, messages in channels it was
not mentioned in) read as ``None`` or are left out, and are acknowledged without an answer.

No value holding NUL or another control character (tab, newline and carriage return aside) reaches a store:
such an event is ignored and acknowledged (Slack would retry an error), and such a command or button press
is refused with 400. PostgreSQL cannot store NUL in text at all.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from api.body_gate import nesting_exceeds
from api.problems import FieldError

MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
LINK = re.compile(r"<([^<>|]+)\|([^<>]*)>|<([^<>|@#!][^<>]*)>")


MAX_JSON_DEPTH = 32
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""C0 controls and DEL, except tab, newline and carriage return (which a message may hold)."""


def has_control_characters(*values: Any) -> bool:
    return any(isinstance(value, str) and CONTROL_CHARACTERS.search(value) for value in values)


def refuse_control_characters(fields: dict[str, Any], where: str = "") -> None:
    """400 naming the first field whose value holds NUL or another control character."""
    for name, value in fields.items():
        if has_control_characters(value):
            raise FieldError(f"{where}{name}", "holds NUL or another control character", 400)


def parse_json(body: bytes) -> dict[str, Any]:
    if nesting_exceeds(body, MAX_JSON_DEPTH):
        raise FieldError("body", f"JSON nested more than {MAX_JSON_DEPTH} levels deep", 400)
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise FieldError("body", f"not JSON: {exc}", 400) from exc
    if not isinstance(data, dict):
        raise FieldError("body", "expected a JSON object", 400)
    return data


def parse_form(body: bytes) -> dict[str, str]:
    """A form-encoded body (commands, interactions) as one value per field."""
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError as exc:
        raise FieldError("body", "not UTF-8 form data", 400) from exc
    return {name: values[0] for name, values in fields.items()}


def plain_text(text: str) -> str:
    """A message's text without mentions of the bot, links reduced to their label, entities decoded."""
    text = MENTION.sub(" ", text)
    text = LINK.sub(lambda m: m.group(2) or m.group(1) or m.group(3), text)
    return " ".join(html.unescape(text).split())


@dataclass(frozen=True, slots=True)
class EventQuestion:
    """A question put to the bot in a channel mention or a direct message."""

    event_id: str
    text: str
    user: str
    channel: str
    thread_ts: str
    message_key: str
    """``channel:ts`` of the message, the same for the ``app_mention`` and ``message`` events it can raise."""


def question_from_event(envelope: dict[str, Any]) -> EventQuestion | None:
    """The question an ``event_callback`` asks, or None for events the bot ignores."""
    event = envelope.get("event")
    if envelope.get("type") != "event_callback" or not isinstance(event, dict):
        return None
    kind = event.get("type")
    direct = kind == "message" and event.get("channel_type") == "im"
    if kind != "app_mention" and not direct:
        return None
    if event.get("subtype") or event.get("bot_id") or event.get("user") in _bot_users(envelope):
        return None
    channel, ts, user = event.get("channel"), event.get("ts"), event.get("user")
    if not (isinstance(channel, str) and isinstance(ts, str) and isinstance(user, str)):
        return None
    if has_control_characters(envelope.get("event_id"), channel, ts, user, event.get("thread_ts"), event.get("text")):
        return None  # acknowledged, never stored: Slack retries errors, and a retry would fail the same way
    return EventQuestion(
        event_id=str(envelope.get("event_id") or f"{channel}:{ts}"),
        text=plain_text(str(event.get("text") or "")),
        user=user,
        channel=channel,
        thread_ts=str(event.get("thread_ts") or ts),
        message_key=f"msg:{channel}:{ts}",
    )


def _bot_users(envelope: dict[str, Any]) -> set[str]:
    """The app's own user ids, so its messages in a DM are never taken for questions."""
    authorizations = envelope.get("authorizations")
    if not isinstance(authorizations, list):
        return set()
    users = {a.get("user_id") for a in authorizations if isinstance(a, dict) and a.get("is_bot")}
    return {u for u in users if isinstance(u, str)}


@dataclass(frozen=True, slots=True)
class SlashCommand:
    command: str
    text: str
    user: str
    channel: str
    response_url: str

    @classmethod
    def from_form(cls, form: dict[str, str]) -> SlashCommand:
        refuse_control_characters(form)
        if not form.get("response_url"):
            raise FieldError("response_url", "a slash command must carry a response_url", 400)
        return cls(
            command=form.get("command") or "/weighin",
            text=" ".join(form.get("text", "").split()),
            user=form.get("user_id", ""),
            channel=form.get("channel_id", ""),
            response_url=form["response_url"],
        )

    @property
    def verb(self) -> str:
        """``help``, ``audit`` (``audit`` and at most one claim id) or ``ask`` (anything else is a question)."""
        words = self.text.split(" ")
        if words[0].lower() in ("", "help") and len(words) == 1:
            return "help"
        return "audit" if words[0].lower() == "audit" and len(words) <= 2 else "ask"

    @property
    def argument(self) -> str:
        return self.text.split(" ", 1)[1].strip() if " " in self.text else ""


@dataclass(frozen=True, slots=True)
class ButtonPress:
    action_id: str
    answer_id: str
    user: str
    channel: str | None
    message_ts: str | None
    thread_ts: str | None
    response_url: str | None
    ephemeral: bool


def button_presses(form: dict[str, str]) -> list[ButtonPress]:
    """The presses of our buttons in an interaction (``payload=`` JSON); other interaction types give none."""
    payload = parse_json(form.get("payload", "").encode())
    if payload.get("type") != "block_actions":
        return []
    message, container = _object(payload, "message"), _object(payload, "container")
    channel, user = _object(payload, "channel"), _object(payload, "user")
    refuse_control_characters({"response_url": payload.get("response_url")}, "payload.")
    for name, part in (("message", message), ("container", container), ("channel", channel), ("user", user)):
        refuse_control_characters(part, f"payload.{name}.")
    actions = payload.get("actions")
    if not isinstance(actions, list):
        raise FieldError("payload.actions", "block_actions must carry a list of actions", 400)
    presses = []
    for action in actions:
        if not isinstance(action, dict) or not str(action.get("action_id", "")).startswith("weighin_"):
            continue
        refuse_control_characters(action, "payload.actions.")
        presses.append(
            ButtonPress(
                action_id=str(action["action_id"]),
                answer_id=str(action.get("value") or ""),
                user=str(user.get("id") or ""),
                channel=_text(channel.get("id")) or _text(container.get("channel_id")),
                message_ts=_text(message.get("ts")) or _text(container.get("message_ts")),
                thread_ts=_text(message.get("thread_ts")),
                response_url=_text(payload.get("response_url")),
                ephemeral=bool(container.get("is_ephemeral")),
            )
        )
    return presses


def _text(value: Any) -> str | None:
    """A string field of Slack's payload, or None when it is missing or not a string."""
    return value if isinstance(value, str) and value else None


def _object(payload: dict[str, Any], key: str) -> dict[str, Any]:
    value = payload.get(key)
    return value if isinstance(value, dict) else {}
