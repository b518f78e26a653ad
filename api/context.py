"""What every handler reaches through ``app.state.ctx``: the runtime host, guards, metrics, the batcher."""

from __future__ import annotations

from dataclasses import dataclass, field

from litestar.datastructures import State

from api.batching import AskBatcher
from api.host import RuntimeHost
from api.metrics import Metrics
from api.problems import FieldError
from api.security import Guards
from assistant.answer import Answer
from assistant.errors import InvalidQuestion
from assistant.question import validate
from assistant.settings import Settings
from assistant.wiring import Runtime
from evaluators.evaluation_queue import EvaluationRun


@dataclass
class ApiContext:
    settings: Settings
    host: RuntimeHost
    guards: Guards
    metrics: Metrics
    _batcher: AskBatcher | None = field(default=None, init=False)

    @property
    def runtime(self) -> Runtime:
        return self.host.runtime()

    @property
    def batcher(self) -> AskBatcher:
        runtime = self.runtime
        if self._batcher is None:
            answers = runtime.answers
            self._batcher = AskBatcher(
                runtime.assistant.ask_many,
                self.settings.api.ask_batch_size,
                record=lambda batch, tags: answers.record_batch(list(zip(batch, tags, strict=True))),
            )
        return self._batcher

    def checked_question(self, text: str, field_name: str = "question") -> str:
        try:
            return validate(text, self.settings.max_question_chars)
        except InvalidQuestion as exc:
            raise FieldError(field_name, str(exc)) from exc

    async def ask(self, question: str, k: int | None, surface: str, user: str | None = None) -> Answer:
        """Answer through the batcher; returns once the answer event is durable (``AnswerNotLogged`` if it
        cannot be, and then the answer is not served). A batch's answers are stored in one commit, in the
        worker thread that answered them."""
        answer = await self.batcher.ask(question, k, (surface, user))
        self.metrics.answers.labels(surface).inc()
        return answer

    def queue_missing_evidence(self, answer: Answer) -> EvaluationRun | None:
        if answer.abstained:
            return None
        return self.runtime.queue.submit_missing([c.claim_id for c in answer.citations])


def context(state: State) -> ApiContext:
    ctx: ApiContext = state.ctx
    return ctx
