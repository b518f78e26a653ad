"""Work Slack is not waiting for: acknowledged at once, done in tasks on the server's event loop.

Slack wants a 200 within 3 s and answering can take longer, so a route starts the work here and returns.
The set holds a strong reference to each task (the loop keeps only a weak one, and a collected task is
silently lost), a failure is logged instead of vanishing with the task, and :meth:`BackgroundWork.wait_idle`
lets another thread (a test, an operator's shutdown hook) wait until everything started has finished.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger("weighin.slack")


class BackgroundWork:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self._idle = threading.Event()
        self._idle.set()

    def spawn(self, work: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        """Run ``work`` on the running loop without awaiting it; must be called from that loop."""
        task = asyncio.get_running_loop().create_task(work, name=name)
        self._tasks.add(task)
        self._idle.clear()
        task.add_done_callback(self._finished)
        return task

    @property
    def pending(self) -> int:
        return len(self._tasks)

    def wait_idle(self, timeout: float) -> bool:
        """Block until no task is left (True) or ``timeout`` passes (False). Never call it on the loop's thread."""
        return self._idle.wait(timeout)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            log.error("slack task %s failed", task.get_name(), exc_info=error)
        if not self._tasks:
            self._idle.set()
