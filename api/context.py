"""What every handler reaches through ``app.state.ctx``: the runtime host, guards, metrics, the batcher."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from litestar.datastructures import State

from api.batching import AskBatcher
from api.host import RuntimeHost
from api.metrics import Metrics
from api.problems import FieldError
from api.security import Guards
from assistant.desk import Served
from assistant.errors import InvalidQuestion
from assistant.settings import Settings
from assistant.wiring import Runtime


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
            self._batcher = AskBatcher(
                runtime.assistant.ask_many, self.settings.api.ask_batch_size, record=runtime.desk.record_many
            )
        return self._batcher

    def checked_question(self, text: str, field_name: str = "question") -> str:
        """For a surface that must reject a question before it answers (Slack acknowledges at once)."""
        try:
            return self.runtime.desk.validate(text)
        except InvalidQuestion as exc:
            raise FieldError(field_name, str(exc)) from exc

    async def answer(
        self,
        text: str,
        surface: str,
        *,
        field_name: str = "question",
        k: int | None = None,
        user: str | None = None,
        live: bool = False,
        conversation_id: str | None = None,
        history: Sequence[str] = (),
        thread: str | None = None,
    ) -> Served:
        """The answer desk, with the micro-batcher as its asker: returns once the answer event is durable
        (``AnswerNotLogged`` if it cannot be, and then the answer is not served). A bad question is a
        problem naming ``field_name``."""
        try:
            served = await self.runtime.desk.answer(
                text,
                surface=surface,
                k=k,
                user=user,
                live=live,
                conversation_id=conversation_id,
                history=history,
                thread=thread,
                asker=self.batcher.ask,
            )
        except InvalidQuestion as exc:
            raise FieldError(field_name, str(exc)) from exc
        self.metrics.answers.labels(surface).inc()
        return served


def context(state: State) -> ApiContext:
    ctx: ApiContext = state.ctx
    return ctx
