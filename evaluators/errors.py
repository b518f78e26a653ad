"""Exception tree of the evaluators package.

    EvaluatorError
    ├── EvaluatorUserError        bad input from a person or client: CLI exit 2, HTTP 4xx
    │   ├── UnknownJobError
    │   ├── UnknownClaimError
    │   ├── UnknownExecutorError
    │   ├── UnknownRunError       an evaluation run id that does not exist: HTTP 404
    │   ├── InvalidRunRequest     an evaluation run that cannot be queued (bad device, nothing testable)
    │   ├── RunLimitReached       a client already has as many runs queued as it may: HTTP 429
    │   ├── RunAlreadyFinished    a finished run cannot be cancelled: HTTP 409
    │   └── ClusterError          the Ray cluster has no such node
    │       └── ClusterUnavailable    the Ray cluster cannot be reached: HTTP 503, try again
    ├── EvaluatorProgrammingError a bug or broken invariant in our own code: never caught at the edges
    │   ├── JobDefinitionError    a job declares something impossible (bad tier, duplicate id)
    │   └── JobPartError          raised inside a job process when a sub-process part fails
    └── TimingLockTimeoutError    the machine-wide timing lock stayed busy past the caller's timeout

Failures of the verification jobs themselves (crash, timeout, missing package) are *not* exceptions
for the caller: the runner turns them into ``error`` evidence records.
"""

from __future__ import annotations


class EvaluatorError(Exception):
    """Base of every error the evaluators package raises on purpose."""


class EvaluatorUserError(EvaluatorError):
    """The caller asked for something that does not exist; the message is shown verbatim."""


class UnknownJobError(EvaluatorUserError):
    def __init__(self, job_id: str, known: tuple[str, ...] = ()) -> None:
        hint = f" (known: {', '.join(known)})" if known else ""
        super().__init__(f"unknown verification job {job_id!r}{hint}")
        self.job_id = job_id


class UnknownClaimError(EvaluatorUserError):
    def __init__(self, claim_id: str) -> None:
        super().__init__(f"unknown claim {claim_id!r}")
        self.claim_id = claim_id


class UnknownExecutorError(EvaluatorUserError):
    def __init__(self, name: str, known: tuple[str, ...]) -> None:
        super().__init__(f"unknown executor {name!r} (known: {', '.join(known)})")
        self.name = name


class UnknownRunError(EvaluatorUserError):
    def __init__(self, run_id: str) -> None:
        super().__init__(f"unknown evaluation {run_id!r}")
        self.run_id = run_id


class InvalidRunRequest(EvaluatorUserError):
    """An evaluation run that cannot be queued as asked."""


class RunLimitReached(EvaluatorUserError):
    """The client has ``limit`` runs queued already; ``retry_after_s`` is a fair wait before asking again."""

    def __init__(self, limit: int, retry_after_s: int) -> None:
        super().__init__(
            f"this client already has {limit} evaluation runs queued (the most allowed); wait for one to start, "
            "or cancel one with DELETE /v1/evaluations/{id}"
        )
        self.limit = limit
        self.retry_after_s = retry_after_s


class RunAlreadyFinished(EvaluatorUserError):
    def __init__(self, run_id: str, status: str) -> None:
        super().__init__(f"evaluation {run_id!r} is already {status}; only a queued or running run can be cancelled")
        self.run_id = run_id
        self.status = status


class ClusterError(EvaluatorUserError):
    """The configured Ray cluster cannot be reached or has no node matching the request."""


class ClusterUnavailable(ClusterError):
    """The configured Ray cluster does not answer: not the caller's fault, and worth a retry."""


class EvaluatorProgrammingError(EvaluatorError):
    """Our own code broke an invariant; surfaces as a bug, not as a user message."""


class JobDefinitionError(EvaluatorProgrammingError):
    """A job or registry definition is inconsistent."""


class JobPartError(EvaluatorProgrammingError):
    """A sub-process part of a job failed; the worker turns it into an ``error`` record."""


class TimingLockTimeoutError(EvaluatorError):
    """Another process held the machine-wide timing lock for longer than the caller would wait."""

    def __init__(self, path: object, timeout_s: float) -> None:
        super().__init__(f"the timing lock {path} stayed busy for {timeout_s:g} s")
        self.timeout_s = timeout_s
