"""The Slack bot: answers mentions, DMs and ``/weighin``; handles the buttons under every answer.

Slack wants each request acknowledged within 3 s, so the entry points (``on_event``, ``on_command``,
``on_interaction``) only decide what to do, start the slow part as :class:`BackgroundWork` and return.
The background part answers through :meth:`ApiContext.ask` (batched, and logged as an answer event with
surface ``slack``), posts with the Web API, and, when the cited claims lack current evidence, queues
their jobs and revises the answer once the run finishes. Failed Slack calls were already retried and
logged by the client; here they only end the task, never the server.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Sequence
from contextlib import suppress
from typing import Any

import anyio.to_thread

from api.context import ApiContext
from api.problems import FieldError
from api.slack.blocks import (
    ACTION_RERUN,
    FEEDBACK_ACTIONS,
    answer_blocks,
    answer_text,
    audit_card_blocks,
    escape,
    evidence_blocks,
    help_blocks,
    help_text,
    section,
)
from api.slack.client import SlackWebClient
from api.slack.errors import SlackError
from api.slack.inbound import ButtonPress, SlashCommand, question_from_event
from api.slack.replies import Reply, ResponseUrlReply, ThreadReply
from api.slack.runs import claims_with_evidence, finished_run
from api.slack.seen import SeenEvents
from api.slack.work import BackgroundWork
from assistant.desk import Served
from assistant.errors import UserInputError
from evaluators.errors import EvaluatorUserError

log = logging.getLogger("weighin.slack")

SURFACE = "slack"
EVIDENCE_WAIT_S = 30 * 60.0


def slack_user(user_id: str) -> str | None:
    """How a Slack user is named in answer events, feedback and disputes."""
    return f"slack:{user_id}" if user_id else None


def ephemeral(text: str, blocks: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"response_type": "ephemeral", "text": text}
    if blocks:
        body["blocks"] = blocks
    return body


class SlackBot:
    def __init__(
        self,
        ctx: ApiContext,
        client: SlackWebClient,
        seen: SeenEvents,
        work: BackgroundWork,
        evidence_wait_s: float = EVIDENCE_WAIT_S,
    ) -> None:
        self.ctx = ctx
        self.client = client
        self.seen = seen
        self.work = work
        self.evidence_wait_s = evidence_wait_s

    @classmethod
    def for_context(cls, ctx: ApiContext) -> SlackBot:
        """The app's bot; needs the runtime (its database remembers events already answered)."""
        runtime = ctx.runtime
        return cls(ctx, SlackWebClient.from_settings(ctx.settings.slack), SeenEvents(runtime.engine), BackgroundWork())

    # -- entry points (acknowledge fast) -------------------------------------------------------------------

    async def on_event(self, envelope: dict[str, Any]) -> None:
        """Answer a mention or DM in its thread, once per message however often Slack delivers it."""
        question = question_from_event(envelope)
        if question is None:
            return
        first = await anyio.to_thread.run_sync(
            lambda: self.seen.first_sighting(question.event_id) and self.seen.first_sighting(question.message_key)
        )
        if not first:
            log.info("slack event %s already taken on; not answering again", question.event_id)
            return
        reply = ThreadReply(self.client, question.channel, question.thread_ts)
        thread = self.thread_key(question.channel, question.thread_ts)  # follow-ups are read in the thread's context
        self.work.spawn(
            self.answer(question.text, question.user, reply, thread), name=f"slack-answer-{question.event_id}"
        )

    def thread_key(self, channel: str, thread_ts: str) -> str | None:
        """The key of a thread's conversation: keyed with the signing secret, so that its stored conversation
        cannot be found from a channel id and a timestamp."""
        secret = self.ctx.settings.slack.signing_secret
        if not secret:
            return None
        digest = hmac.new(secret.encode(), f"{channel}:{thread_ts}".encode(), hashlib.sha256).hexdigest()
        return f"slack:{digest[:32]}"

    async def first_delivery(self, delivery: str | None) -> bool:
        """False for a replay of a signed delivery already taken on (same signature: same timestamp and body)."""
        if delivery is None:
            return True
        return await anyio.to_thread.run_sync(self.seen.first_sighting, "sig:" + delivery)

    async def on_command(self, command: SlashCommand, delivery: str | None = None) -> dict[str, Any]:
        """The immediate reply to a slash command; a question's answer follows on its ``response_url``.

        A replayed delivery gets a note and nothing else: no second answer, no second answer event."""
        if not await self.first_delivery(delivery):
            log.info("slack command delivery replayed; not answering again")
            return ephemeral("This command was already received; its answer follows once.")
        if command.verb == "help":
            return ephemeral(help_text(command.command), help_blocks(command.command))
        if command.verb == "audit":
            return await self.audit_card(command)
        try:
            question = self.ctx.checked_question(command.text)
        except FieldError as exc:
            return ephemeral(f"I can't take that question: {exc.message}")
        reply = ResponseUrlReply(self.client, command.response_url)
        self.work.spawn(self.answer(question, command.user, reply), name="slack-command")
        return ephemeral(f":mag: Looking into _{escape(question)}_ …")

    async def on_interaction(self, presses: Sequence[ButtonPress], delivery: str | None = None) -> None:
        """Act on button presses once per signed delivery: a replayed thumbs down records no second dispute."""
        if presses and not await self.first_delivery(delivery):
            log.info("slack interaction delivery replayed; ignored")
            return
        for press in presses:
            if press.action_id == ACTION_RERUN:
                self.work.spawn(self.rerun_evidence(press), name=f"slack-rerun-{press.answer_id}")
            elif press.action_id in FEEDBACK_ACTIONS:
                rating = FEEDBACK_ACTIONS[press.action_id]
                self.work.spawn(self.feedback(press, rating), name=f"slack-feedback-{press.answer_id}")

    async def audit_card(self, command: SlashCommand) -> dict[str, Any]:
        claim_id = command.argument
        if not claim_id:
            usage = escape(f"{command.command} audit <claim-id>")
            return ephemeral(f"Usage: `{usage}` (claim ids are shown under each answer).")
        try:
            card = await anyio.to_thread.run_sync(self.ctx.runtime.audit.claim_card, claim_id)
        except (EvaluatorUserError, UserInputError):
            return ephemeral(f"There is no claim `{escape(claim_id)}`.")
        return ephemeral(f"Audit card for claim {claim_id}", audit_card_blocks(card))

    # -- background work -----------------------------------------------------------------------------------

    async def answer(self, question: str, user: str, reply: Reply, thread: str | None = None) -> None:
        """Answer, post, and when evidence is missing, measure it and revise the posted answer."""
        try:
            served = await self.ctx.answer(question, SURFACE, user=slack_user(user), live=True, thread=thread)
        except FieldError as exc:
            await self._say(reply, f"Ask me a question about PyTorch and TensorFlow ({exc.message}).")
            return
        except Exception:
            log.exception("answering a Slack question failed")
            await self._say(reply, "Sorry, something went wrong while answering; it has been logged.")
            return
        answer, run = served.answer, served.run
        note = None
        if run is not None:
            note = f":hourglass_flowing_sand: Measuring {run.total} job(s) (`{run.id}`); this answer is updated then."
        try:
            await reply.post(answer_text(answer), answer_blocks(answer, note))
        except SlackError:
            return
        if run is not None:
            await self.follow_live_evidence(served, user, reply)

    async def follow_live_evidence(self, served: Served, user: str, reply: Reply) -> None:
        """Render the desk's follow-through: once the run has ended, the posted answer becomes the new one."""
        desk = self.ctx.runtime.desk
        steps = desk.follow_through(served, surface=SURFACE, user=slack_user(user), timeout_s=self.evidence_wait_s)
        async for step in steps:
            if step.served is None or served.run is None:
                continue
            updated = step.served.answer
            note = f"Evidence updated: evaluation `{served.run.id}` {step.event.kind}."
            with suppress(SlackError):
                await reply.revise(answer_text(updated), answer_blocks(updated, note))

    async def rerun_evidence(self, press: ButtonPress) -> None:
        """Queue the answer's claims' jobs again, then post what they measured in the answer's thread."""
        runtime = self.ctx.runtime
        try:
            run, claim_ids = await anyio.to_thread.run_sync(runtime.audit.rerun_answer, press.answer_id)
        except (UserInputError, EvaluatorUserError) as exc:
            await self._tell(press, f"Cannot re-run the evidence: {exc}")
            return
        await self._tell(press, f"Re-running {run.total} job(s) (`{run.id}`); the evidence follows when they finish.")
        event = await finished_run(runtime.queue, run.id, self.evidence_wait_s)
        reply = self._reply_to(press)
        if event is None or reply is None:
            return
        claims, evidence = await anyio.to_thread.run_sync(claims_with_evidence, runtime, claim_ids)
        text = f"Re-run evidence for answer {press.answer_id}: evaluation {run.id} {event.kind}"
        with suppress(SlackError):
            await reply.add(text, evidence_blocks(f"*{escape(text)}*", claims, evidence))

    async def feedback(self, press: ButtonPress, rating: str) -> None:
        """Store the thumbs; a thumbs down disputes the cited claims and queues their re-verification."""
        audit = self.ctx.runtime.audit
        try:
            result = await anyio.to_thread.run_sync(
                lambda: audit.feedback(press.answer_id, rating, user=slack_user(press.user), surface=SURFACE)
            )
        except (UserInputError, EvaluatorUserError) as exc:
            await self._tell(press, f"Could not record that: {exc}")
            return
        if rating == "up":
            await self._tell(press, "Thanks, your :+1: is recorded.")
            return
        disputed = len(result["disputes"])
        queued = f"; re-verification is queued (`{result['evaluation_id']}`)" if result["evaluation_id"] else ""
        await self._tell(press, f"Thanks, your :-1: is recorded: {disputed} cited claim(s) disputed{queued}.")

    # -- saying things -------------------------------------------------------------------------------------

    def _reply_to(self, press: ButtonPress) -> Reply | None:
        """The pressed message's thread (or, where the bot may not post there, its ``response_url``)."""
        via_url = ResponseUrlReply(self.client, press.response_url) if press.response_url else None
        if press.channel and press.message_ts and not press.ephemeral:
            return ThreadReply(self.client, press.channel, press.thread_ts or press.message_ts, fallback=via_url)
        return via_url

    async def _tell(self, press: ButtonPress, text: str) -> None:
        """A note only the presser sees."""
        if not press.response_url:
            return
        payload = {"response_type": "ephemeral", "replace_original": False, "text": text}
        with suppress(SlackError):
            await self.client.respond(press.response_url, payload)

    async def _say(self, reply: Reply, text: str) -> None:
        with suppress(SlackError):
            await reply.post(text, [section(text)])
