"""A stand-in for the worker's far side of the protocol, for the Ray executor's failure-mode tests.

The executor starts ``<python> -m evaluators.worker run --spec -``; the tests point ``python`` at a
script that runs this file instead, so a job can report its environment, fail, or hang on purpose
(the real worker runs only the default catalog's jobs). The job id in the spec picks the behaviour.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from datetime import UTC, datetime


def outcome(spec: dict, status: str, result: dict | None, error: str | None) -> dict:
    return {
        "protocol": 1,
        "job_id": spec["job_id"],
        "run_id": spec["run_id"],
        "status": status,
        "result": result,
        "error": error,
        "code_hash": "stand-in",
        "fingerprint": {"data": {"host": socket.gethostname()}, "hash": "stand-in"},
        "host": socket.gethostname(),
        "node_id": None,
        "device": spec["device"],
        "started_at": datetime.now(UTC).isoformat(),
        "duration_s": 0.01,
    }


def main() -> int:
    assert sys.argv[1:] == ["-m", "evaluators.worker", "run", "--spec", "-"], sys.argv
    spec = json.loads(sys.stdin.read())
    behaviour = spec["job_id"].removeprefix("fake-")
    began = time.time()
    if behaviour == "sleep-forever":
        time.sleep(3600)
    if behaviour.startswith("busy"):
        time.sleep(1.5)
    if behaviour == "raise-error":
        reply = outcome(spec, "error", None, "RuntimeError: the job failed on purpose")
    elif behaviour == "crash":
        print("dying without an outcome", file=sys.stderr)
        return 3
    else:
        seen = {name: os.environ.get(name) for name in ("CUDA_VISIBLE_DEVICES", "OMP_NUM_THREADS", "HF_HUB_OFFLINE")}
        reply = outcome(spec, "ok", {"spec": spec, "env": seen, "began": began, "ended": time.time()}, None)
    print("some job chatter")
    print("WEIGHIN-OUTCOME " + json.dumps(reply), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
