"""Micro-batching of concurrent questions: one embedding batch for everything that is waiting.

Embedding a batch of eight short questions costs little more than one, so while batches are being
answered (in worker threads), new questions queue up and go together in the next batch. A lone
question goes at once: there is no waiting window, so batching never adds latency at low load.

Up to ``max_in_flight`` batches run at once (default: one per core). The embedding's torch kernels
release the GIL, so a second batch keeps the other core busy while the first one's answers are composed
in Python; with one batch in flight the server used about one core however many clients were waiting.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from assistant.answer import Answer

T = TypeVar("T")

AskMany = Callable[[Sequence[str], "int | None"], list[Answer]]
RecordMany = Callable[[Sequence[Answer], Sequence[Any]], "list[BaseException | None]"]
"""Stores a batch's answers (each with the tag it was asked with); one outcome per answer, None when stored."""


@dataclass(slots=True)
class _Waiting:
    question: str
    k: int | None
    future: asyncio.Future[Answer]
    tag: Any = None


class AskBatcher:
    """``record``, when given, stores each batch's answers in the worker thread that answered them, before
    any is handed back: an answer whose record fails is raised to its asker instead."""

    def __init__(
        self,
        ask_many: AskMany,
        max_batch: int = 16,
        max_in_flight: int | None = None,
        record: RecordMany | None = None,
    ) -> None:
        self._ask_many = ask_many
        self._record = record
        self.max_batch = max_batch
        self.max_in_flight = max_in_flight or os.cpu_count() or 1
        self._waiting: list[_Waiting] = []
        self._dispatch_pending = False
        self._in_flight = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self.batches = 0
        self.questions = 0

    async def ask(self, question: str, k: int | None = None, tag: Any = None) -> Answer:
        """Answer one (already validated) question, batched with any others waiting; ``tag`` goes to ``record``."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Answer] = loop.create_future()
        self._waiting.append(_Waiting(question, k, future, tag))
        if not self._dispatch_pending:
            # After the callbacks already queued in this loop iteration: requests parsed together share a batch.
            self._dispatch_pending = True
            loop.call_soon(self._dispatch)
        return await future

    def _dispatch(self) -> None:
        self._dispatch_pending = False
        while self._waiting and self._in_flight < self.max_in_flight:
            batch, self._waiting = self._waiting[: self.max_batch], self._waiting[self.max_batch :]
            self._in_flight += 1
            task = asyncio.get_running_loop().create_task(self._run(batch))
            self._tasks.add(task)  # the loop holds tasks weakly
            task.add_done_callback(self._tasks.discard)

    async def _run(self, batch: list[_Waiting]) -> None:
        try:
            for k in dict.fromkeys(item.k for item in batch):
                await self._answer([item for item in batch if item.k == k], k)
        finally:
            self._in_flight -= 1
            self._dispatch()

    async def _answer(self, items: list[_Waiting], k: int | None) -> None:
        self.batches += 1
        self.questions += len(items)
        try:
            outcomes = await _in_thread(self._answer_and_record, items, k)
        except Exception:
            # One bad question must not fail the others: answer each on its own to give each its outcome.
            for item in items:
                try:
                    [(answer, error)] = await _in_thread(self._answer_and_record, [item], k)
                except Exception as exc:
                    _settle(item.future, exc=exc)
                else:
                    _settle(item.future, answer, error)
            return
        for item, (answer, error) in zip(items, outcomes, strict=True):
            _settle(item.future, answer, error)

    def _answer_and_record(self, items: list[_Waiting], k: int | None) -> list[tuple[Answer, BaseException | None]]:
        answers = self._ask_many([item.question for item in items], k)
        if self._record is None:
            return [(answer, None) for answer in answers]
        errors = self._record(answers, [item.tag for item in items])
        return list(zip(answers, errors, strict=True))


async def _in_thread(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` in the loop's executor, in a copy of the caller's context: what
    ``anyio.to_thread.run_sync`` does, without its capacity limiter and cancel scope (the batcher bounds its
    own batches), which cost the event loop about 0.1 ms a batch."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, contextvars.copy_context().run, function, *args)


def _settle(future: asyncio.Future[Answer], answer: Answer | None = None, exc: BaseException | None = None) -> None:
    if future.done():  # the client went away and the request was cancelled
        return
    if exc is not None:
        future.set_exception(exc)
    else:
        assert answer is not None
        future.set_result(answer)
