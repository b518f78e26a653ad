"""The answer desk: the one place a question is answered, for every surface.

REST, the OpenAI endpoint, the chat page, Slack, conversations and the CLI parse their input, call
:meth:`AnswerDesk.answer`, and shape what it returns. The desk validates the question once, answers it,
logs the answer event (durable before the answer is returned: :class:`~assistant.answer_log.AnswerNotLogged`
otherwise), and in live mode queues the jobs whose evidence is missing, for the cited claims and for the
measured question, on the evaluation queue: the one live-evidence mechanism.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import anyio.to_thread

from assistant.answer import Answer
from assistant.errors import UserInputError
from assistant.followup import Turn, resolve_in_context
from assistant.question import validate

if TYPE_CHECKING:
    from assistant.answer_log import AnswerLog
    from assistant.conversations import ConversationService, Message
    from assistant.service import Assistant
    from evaluators.evaluation_queue import EvaluationQueue, EvaluationRun, RunEvent

BatchedAsker = Callable[[str, "int | None", tuple[str, "str | None"]], Awaitable[Answer]]
"""Answers a validated question and stores its event tagged (surface, user) before returning (the API's batcher)."""


MAX_HISTORY = 8
"""Earlier messages of an OpenAI request read for context (each is answered again to learn what it settled on)."""


@dataclass(frozen=True, slots=True)
class Progress:
    """A step of live evidence followed through: a job's event, and after the last one the answer again."""

    event: RunEvent
    served: Served | None = None
    """The question answered again with the new evidence (with the run's final event only)."""


async def run_events(
    queue: EvaluationQueue, run_id: str, heartbeat_s: float | None = None
) -> AsyncIterator[RunEvent | None]:
    """The run's past events, then each new one (delivered from the queue's thread) until it has ended.

    With ``heartbeat_s``, ``None`` is yielded whenever that long passes without an event, so a caller that
    streams can send a keep-alive on a connection that would otherwise sit idle while a job runs.
    """
    loop = asyncio.get_running_loop()
    inbox: asyncio.Queue[RunEvent] = asyncio.Queue()

    def deliver(event: RunEvent) -> None:
        loop.call_soon_threadsafe(inbox.put_nowait, event)

    past, unsubscribe = queue.subscribe(run_id, deliver)
    try:
        for event in past:
            yield event
            if event.final:
                return
        while True:
            try:
                event = await asyncio.wait_for(inbox.get(), heartbeat_s)
            except TimeoutError:
                yield None
                continue
            yield event
            if event.final:
                return
    finally:
        unsubscribe()


@dataclass(frozen=True, slots=True)
class Served:
    """An answer as the desk hands it to a surface."""

    answer: Answer
    question: str
    """The question answered: validated, and for a conversation the follow-up resolved in context."""
    run: EvaluationRun | None = None
    """The evaluation queued for missing evidence (live mode only)."""
    messages: list[Message] = field(default_factory=list)
    """For a conversation: the user's and the assistant's stored messages."""

    @property
    def pending(self) -> list[str]:
        return [self.run.id] if self.run is not None else []


class AnswerDesk:
    def __init__(
        self,
        assistant: Assistant,
        answers: AnswerLog,
        queue: EvaluationQueue | None,
        *,
        max_question_chars: int,
        conversations: ConversationService | None = None,
    ) -> None:
        self.assistant = assistant
        self.answers = answers
        self.queue = queue
        self.conversations = conversations
        self.max_question_chars = max_question_chars

    def validate(self, text: str) -> str:
        """The question as it will be answered; raises :class:`~assistant.errors.InvalidQuestion`."""
        return validate(text, self.max_question_chars)

    async def answer(
        self,
        text: str,
        *,
        surface: str,
        k: int | None = None,
        user: str | None = None,
        live: bool = False,
        conversation_id: str | None = None,
        history: Sequence[str] = (),
        thread: str | None = None,
        asker: BatchedAsker | None = None,
    ) -> Served:
        """Answer ``text`` for ``surface``: validate, answer, log the event, queue missing evidence when live.

        Follow-ups are read here, for every surface: in a stored conversation (``conversation_id``, or the
        one kept for ``thread``, a Slack thread's key) ``text`` is read in the context of its earlier turns
        and both messages are stored; with ``history`` (the earlier user messages of an OpenAI request) it
        is read in the context of those. ``asker`` (a batcher) answers and logs in its own worker thread;
        without it the desk does.
        """
        typed = text.strip()
        if thread is not None:
            conversation_id = await anyio.to_thread.run_sync(self._conversations().for_thread, thread)
        if conversation_id is not None:
            text = await anyio.to_thread.run_sync(self._conversations().resolve, conversation_id, typed)
        elif history:
            text = await anyio.to_thread.run_sync(self.resolve, typed, list(history), k)
        question = self.validate(text)
        if asker is not None and conversation_id is None:
            answer = await asker(question, k, (surface, user))
        else:
            answer = await anyio.to_thread.run_sync(self._answer_and_log, question, k, surface, user, conversation_id)
        messages: list[Message] = []
        if conversation_id is not None:
            messages = await anyio.to_thread.run_sync(
                self._conversations().add_exchange, conversation_id, typed, question, answer
            )
        run = await anyio.to_thread.run_sync(self.queue_missing, answer) if live else None
        return Served(answer, question, run, messages)

    def resolve(self, text: str, history: list[str], k: int | None = None) -> str:
        """``text`` read after ``history`` (earlier user messages, oldest first), as a stored conversation
        would read it: each earlier message is resolved in turn and answered again (not logged) for what it
        settled on. Nothing is read from reply text."""
        turns: list[Turn] = []
        for earlier in history[-MAX_HISTORY:]:
            if not earlier.strip():
                continue
            question = resolve_in_context(earlier.strip(), turns)
            try:
                answer = self.assistant.ask(question, k)
            except UserInputError:
                turns.append(Turn(question))
                continue
            turns.append(Turn(question, answer.settled_on))
        return resolve_in_context(text, turns)

    async def follow_through(
        self, served: Served, *, surface: str, timeout_s: float, k: int | None = None, user: str | None = None
    ) -> AsyncIterator[Progress]:
        """Live evidence followed through: each job event of the run ``served`` queued, then, once the run
        has ended, the question answered again with the new evidence. Ends early after ``timeout_s``."""
        if served.run is None or self.queue is None:
            return
        try:
            async with asyncio.timeout(timeout_s):
                async for event in run_events(self.queue, served.run.id):
                    if event is None:  # no heartbeat asked for: never None, but the type allows it
                        continue
                    if not event.final:
                        yield Progress(event)
                        continue
                    again = await self.answer(served.question, surface=surface, k=k, user=user)
                    yield Progress(event, again)
                    return
        except TimeoutError:
            return

    def record_many(
        self, answers: Sequence[Answer], tags: Sequence[tuple[str, str | None]]
    ) -> list[BaseException | None]:
        """Log a batch's answer events in one commit (what a batched asker calls in its worker thread)."""
        return self.answers.record_batch(list(zip(answers, tags, strict=True)))

    def queue_missing(self, answer: Answer) -> EvaluationRun | None:
        """Queue, as one evaluation, the jobs missing or stale for the cited claims and the measured question."""
        if self.queue is None:
            return None
        job_ids: list[str] = []
        if not answer.abstained:
            known = {claim.id for claim in self.queue.service.claims}
            cited = [c.claim_id for c in answer.citations if c.claim_id in known]
            job_ids += [job.id for job in self.queue.service.missing_or_stale_jobs(cited)]
        if answer.measured:
            job_ids += [str(job_id) for job_id in answer.measured.get("missing_jobs") or []]
        if not job_ids:
            return None
        return self.queue.submit(job_ids=list(dict.fromkeys(job_ids)), reason="live evidence")

    def _answer_and_log(
        self, question: str, k: int | None, surface: str, user: str | None, conversation_id: str | None
    ) -> Answer:
        answer = self.assistant.ask(question, k)
        self.answers.record(answer, surface, user=user, conversation_id=conversation_id)
        return answer

    def _conversations(self) -> ConversationService:
        if self.conversations is None:
            raise RuntimeError("this desk has no conversation store")
        return self.conversations
