"""A tiny part for the harness tests: reports its process id, start time and a few fake step times."""

from __future__ import annotations

import os
import time
from typing import Any

from evaluators.job_context import JobContext


def timed_part(context: JobContext, device: str = "cpu") -> dict[str, Any]:
    return {
        "device": device,
        "pid": os.getpid(),
        "started": time.time(),
        "timings": {"step": context.time_calls(lambda: sum(range(1000)))},
    }
