"""Where an answer goes and how it is changed later: a thread (Web API) or a ``response_url``.

Mentions and direct messages are answered in a thread with ``chat.postMessage``; the message can then be
edited in place with ``chat.update`` when live evidence arrives. Slash commands answer through their
``response_url``, which cannot reliably edit an earlier in-channel reply, so an update is posted as a new
message there. Both raise :class:`~api.slack.errors.SlackError` (already logged by the client).
"""

from __future__ import annotations

from typing import Any, Protocol

from api.slack.client import SlackWebClient
from api.slack.errors import SlackError

Blocks = list[dict[str, Any]]


class Reply(Protocol):
    async def post(self, text: str, blocks: Blocks) -> None:
        """Send the first message (the answer)."""

    async def revise(self, text: str, blocks: Blocks) -> None:
        """Replace the first message where the destination allows it, else send a new one."""

    async def add(self, text: str, blocks: Blocks) -> None:
        """Send a further message next to the first (the thread, or the command's channel)."""


class ThreadReply:
    def __init__(self, client: SlackWebClient, channel: str, thread_ts: str, fallback: Reply | None = None) -> None:
        self.client = client
        self.channel = channel
        self.thread_ts = thread_ts
        self.fallback = fallback
        """Where further messages go when the thread refuses them (the bot is not in a command's channel)."""
        self.posted_ts: str | None = None

    async def post(self, text: str, blocks: Blocks) -> None:
        reply = await self.client.post_message(self.channel, text, blocks, thread_ts=self.thread_ts)
        self.posted_ts = str(reply.get("ts") or "") or None
        self.channel = str(reply.get("channel") or self.channel)

    async def revise(self, text: str, blocks: Blocks) -> None:
        if self.posted_ts is not None:
            try:
                await self.client.update_message(self.channel, self.posted_ts, text, blocks)
                return
            except SlackError:
                pass  # deleted, or too old to edit: say it in the thread instead
        await self.add(text, blocks)

    async def add(self, text: str, blocks: Blocks) -> None:
        try:
            await self.client.post_message(self.channel, text, blocks, thread_ts=self.thread_ts)
        except SlackError:
            if self.fallback is None:
                raise
            await self.fallback.add(text, blocks)


class ResponseUrlReply:
    def __init__(self, client: SlackWebClient, response_url: str, response_type: str = "in_channel") -> None:
        self.client = client
        self.response_url = response_url
        self.response_type = response_type

    async def post(self, text: str, blocks: Blocks) -> None:
        await self.add(text, blocks)

    async def revise(self, text: str, blocks: Blocks) -> None:
        await self.add(text, blocks)

    async def add(self, text: str, blocks: Blocks) -> None:
        payload = {"response_type": self.response_type, "replace_original": False, "text": text, "blocks": blocks}
        await self.client.respond(self.response_url, payload)
