"""``/slack/events``, ``/slack/commands``, ``/slack/interactions``: Slack's HTTP endpoints.

Each handler reads the raw body, checks Slack's signature over exactly those bytes (401, nothing done,
when it is missing, wrong or stale), parses, and hands over to the :class:`SlackBot`. Commands and
interactions are handed over with their signature, which names the delivery: a replay inside the
five-minute window carries the same one and changes nothing. These routes take
no API key: the signing secret is their credential. Without Slack settings they answer 503.

The bot is built on the first signed request once the runtime is ready (it keeps its dedupe table in
the runtime's database), then kept in the app's state: one Web API client and one task set per app.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, MediaType, Request, Response, post
from litestar.datastructures import State

from api.context import context
from api.problems import ServiceUnavailable
from api.slack.bot import SlackBot
from api.slack.inbound import SlashCommand, button_presses, parse_form, parse_json
from api.slack.verification import verify_request

NOT_CONFIGURED = (
    "Slack is not configured on this server: set WEIGHIN_SLACK_SIGNING_SECRET and WEIGHIN_SLACK_BOT_TOKEN "
    "(see docs/slack.md)."
)
STATE_KEY = "slack_bot"


async def signed_body(state: State, request: Request) -> tuple[bytes, str]:
    """The raw body and its signature, once Slack's signature over it is verified."""
    settings = context(state).settings.slack
    if not settings.configured or settings.signing_secret is None:
        raise ServiceUnavailable(detail=NOT_CONFIGURED)
    body = await request.body()
    return body, verify_request(settings.signing_secret, body, request.headers)


def slack_bot(state: State) -> SlackBot:
    bot: SlackBot | None = state.get(STATE_KEY)
    if bot is None:
        bot = state[STATE_KEY] = SlackBot.for_context(context(state))
    return bot


class SlackController(Controller):
    path = "/slack"
    tags = ("slack",)

    @post(
        "/events",
        summary="Slack Events API: URL verification, mentions and direct messages",
        description="Signed by Slack. Answers arrive later in the message's thread; retried deliveries and "
        "repeated `event_id`s are acknowledged and never answered twice.",
        status_code=200,
    )
    async def events(self, state: State, request: Request) -> dict[str, Any]:
        body, _ = await signed_body(state, request)
        envelope = parse_json(body)
        if envelope.get("type") == "url_verification":
            return {"challenge": str(envelope.get("challenge") or "")}
        await slack_bot(state).on_event(envelope)
        return {"ok": True}

    @post(
        "/commands",
        summary="Slack slash command: `/weighin <question>`, `/weighin audit <claim-id>`, `/weighin help`",
        status_code=200,
    )
    async def commands(self, state: State, request: Request) -> dict[str, Any]:
        body, signature = await signed_body(state, request)
        command = SlashCommand.from_form(parse_form(body))
        return await slack_bot(state).on_command(command, delivery=signature)

    @post("/interactions", summary="Slack interactivity: the buttons under each answer", status_code=200)
    async def interactions(self, state: State, request: Request) -> Response[bytes]:
        body, signature = await signed_body(state, request)
        presses = button_presses(parse_form(body))
        await slack_bot(state).on_interaction(presses, delivery=signature)
        return Response(b"", status_code=200, media_type=MediaType.TEXT)
