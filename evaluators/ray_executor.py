"""The Ray executor: every job runs as a Ray Job whose entrypoint is the worker, on a node Ray picks.

Ray only places and supervises the process; the job itself runs exactly as locally, in
``python -m evaluators.worker run --spec -`` with its own child processes, timeout and one framework per
process, and prints one ``WEIGHIN-OUTCOME`` line that this executor reads back from the job's log.
The worker never touches the database: the service stays the only writer.

Placement is plain Ray resource accounting. A job asks for one CPU, one ``weighin`` slot (each node
declares ``weighin: 1``, so a node times one job at a time), one unit of each framework resource it
imports (``torch``, ``tensorflow``: a node without TensorFlow never declares it and never gets a TF
job) and, for a CUDA run, ``entrypoint_num_gpus=1``. CPU runs hide every GPU. A request's ``node`` (else the
executor's) pins it to one node through its ``ray.io/node-id`` label.

Every failure is an outcome, never an exception: a request that no live node can meet is stopped after
``pending_deadline_s`` with a message naming what it asked for; a job past its timeout (plus a grace
period for the worker's own timeout to answer first) is stopped with ``stop_job``; a submission id that
Ray already knows (the run's job id, submitted again) is refused by Ray and reported as such.
"""

from __future__ import annotations

import shlex
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from evaluators.errors import ClusterError, ClusterUnavailable
from evaluators.outcome_codec import decode_outcome
from evaluators.outcome_codec import parse_outcome_line as parse_outcome
from evaluators.runner import (
    TAIL_CHARS,
    JobOutcome,
    JobRequest,
    OutcomeCallback,
    job_environment,
)
from evaluators.worker import WorkerSpec

SLOT_RESOURCE = "weighin"
FRAMEWORK_RESOURCES = {"pytorch": "torch", "tensorflow": "tensorflow"}
NODE_LABEL = "ray.io/node-id"
TERMINAL = ("SUCCEEDED", "FAILED", "STOPPED")
LOG_GRACE_S = 5.0
"""How long a finished job's empty log is read again before it counts as a worker that never started: on a
busy node the log agent serves the log a moment after the job's status turns terminal."""
SUCCEEDED_LOG_GRACE_S = 60.0
"""The same for a job Ray reports as succeeded: its worker ran and printed its outcome, so an empty log is only
late (a loaded two-node test run saw it arrive after more than 5 s), and waiting for it is cheaper than losing a
measurement."""
WORKER_COMMAND = "-m evaluators.worker run --spec -"


@dataclass(frozen=True, slots=True)
class Placement:
    """What one job asks Ray for."""

    resources: dict[str, float]
    gpus: int
    device: str
    """The device the worker is told to use: ``cuda`` with a GPU reserved, else ``cpu``."""

    def needs(self) -> dict[str, float]:
        return {"CPU": 1.0, **self.resources, **({"GPU": float(self.gpus)} if self.gpus else {})}


def placement(request: JobRequest, frameworks: Mapping[str, str] = FRAMEWORK_RESOURCES) -> Placement:
    """Resources for one request: a GPU only when CUDA was asked for and the job can use one.

    ``auto`` runs on CPU: on a cluster, a GPU is used only when it is reserved through Ray's accounting.
    ``frameworks`` maps a job's frameworks to node resources; others (``onnxruntime``, ``c++``) ship in the
    same image and ask for nothing.
    """
    wants_gpu = request.device == "cuda" and request.job.device == "any"
    resources = {SLOT_RESOURCE: 1.0}
    for framework in request.job.frameworks:
        if framework in frameworks:
            resources[frameworks[framework]] = 1.0
    return Placement(resources=resources, gpus=1 if wants_gpu else 0, device="cuda" if wants_gpu else "cpu")


def node_fits(node: Mapping[str, Any], needs: Mapping[str, float]) -> bool:
    total = node.get("resources_total") or {}
    return node.get("state") == "ALIVE" and all(total.get(name, 0.0) >= amount for name, amount in needs.items())


@dataclass(slots=True)
class _Submission:
    index: int
    request: JobRequest
    placement: Placement
    submission_id: str
    submitted_at: float
    timeout_s: float
    node_id: str | None = None
    """The node the job is pinned to; None lets Ray choose."""
    running_since: float | None = None
    outcome: JobOutcome | None = None
    log_problem: str | None = None
    """Why the last read of the job's log failed (Ray's answer), kept so an empty log can say why."""


@dataclass
class RayJobExecutor:
    """Submits each request as a Ray Job to the cluster at ``address`` (the head's job API URL)."""

    address: str
    timeout_s: float = 120.0
    threads: int = 2
    memory_mb: int = 6144
    python: str = "python"
    """The interpreter on the worker nodes that has Weigh-in installed."""
    node: str | None = None
    """Run every job on this node (node id, id prefix, IP or name); None lets Ray choose."""
    pending_deadline_s: float = 60.0
    """How long a request that no live node can meet may wait for one to join."""
    timeout_grace_s: float = 15.0
    """Extra time past the job's timeout for the worker's own timeout to report before Ray stops it."""
    poll_s: float = 0.1
    max_workers: int = 1
    """Accepted for the factory's common options; Ray's resources decide how many jobs run at once."""
    framework_resources: dict[str, str] = field(default_factory=lambda: dict(FRAMEWORK_RESOURCES))
    """Which node resource stands for each framework a job declares."""
    auth_token: str | None = field(default=None, repr=False)
    """The cluster's token (Ray's ``RAY_AUTH_TOKEN``), sent as a bearer header; None: Ray's own lookup."""
    _client: Any = field(default=None, init=False, repr=False)
    _cancelled: set[str] = field(default_factory=set, init=False, repr=False)

    def cancel(self, run_id: str) -> None:
        """Stop run ``run_id``'s Ray jobs at the next poll; their outcomes are not reported."""
        self._cancelled.add(run_id)

    def headers(self) -> dict[str, str] | None:
        return {"Authorization": f"Bearer {self.auth_token}"} if self.auth_token else None

    def client(self) -> Any:
        """The job submission client, connected on first use."""
        if self._client is None:
            from ray.job_submission import JobSubmissionClient

            try:
                self._client = JobSubmissionClient(self.address, headers=self.headers())
            except Exception as exc:  # Ray raises ConnectionError, RuntimeError or its auth errors
                raise ClusterUnavailable(f"cannot reach the Ray cluster at {self.address}: {exc}") from exc
        return self._client

    def nodes(self) -> list[dict[str, Any]]:
        """The cluster's nodes as plain dicts (id, ip, name, labels, total resources, state)."""
        from ray.util.state.api import StateApiClient
        from ray.util.state.common import ListApiOptions, StateResource

        try:
            state = StateApiClient(address=self.address, headers=self.headers())
            found: list[Any] = state.list(
                StateResource.NODES, ListApiOptions(detail=True), raise_on_missing_output=False
            )
        except Exception as exc:
            raise ClusterUnavailable(f"cannot list the nodes of the Ray cluster at {self.address}: {exc}") from exc
        return [
            {
                "node_id": n.node_id,
                "node_ip": n.node_ip,
                "node_name": n.node_name,
                "labels": dict(n.labels or {}),
                "resources_total": dict(n.resources_total or {}),
                "state": n.state,
            }
            for n in found
        ]

    def resolve_node(self, nodes: Sequence[Mapping[str, Any]], wanted: str | None = None) -> str | None:
        """The node id that ``wanted`` (else ``node``) names among live nodes; ClusterError when none or several."""
        wanted = wanted or self.node
        if wanted is None:
            return None
        alive = [n for n in nodes if n["state"] == "ALIVE"]
        matches = [n for n in alive if wanted in (n["node_ip"], n["node_name"]) or n["node_id"].startswith(wanted)]
        if len(matches) != 1:
            known = ", ".join(f"{n['node_id'][:12]} ({n['node_ip']})" for n in alive) or "none"
            what = "no live node" if not matches else f"{len(matches)} nodes"
            raise ClusterError(f"{what} of the Ray cluster match {wanted!r} (live nodes: {known})")
        return str(matches[0]["node_id"])

    def find_node(self, node: str) -> str:
        return str(self.resolve_node(self.nodes(), node))

    def run(self, requests: Sequence[JobRequest], on_outcome: OutcomeCallback | None = None) -> list[JobOutcome]:
        """Submit every request at once; outcomes come back in request order, ``on_outcome`` as each finishes.

        A request's ``node`` (else the executor's ``node``) pins it to that node; a name that matches no live
        node, or several, raises ClusterError before anything is submitted.

        A request's ``run_id`` names its submission (``<run_id>--<job id>``), so submitting the same run's job
        again is refused; requests without one share a fresh id.
        """
        fresh = f"weighin-{uuid.uuid4().hex[:12]}"
        nodes = self.nodes()
        pinned: dict[str | None, Mapping[str, Any] | None] = {}
        for wanted in {request.node or self.node for request in requests}:  # a request's node, else the default
            node_id = self.resolve_node(nodes, wanted)
            pinned[wanted] = next((n for n in nodes if n["node_id"] == node_id), None)
        pending = [self._submit(i, r, r.run_id or fresh, pinned[r.node or self.node]) for i, r in enumerate(requests)]
        for submission in pending:
            if submission.outcome is not None and on_outcome is not None:
                on_outcome(submission.outcome)
        self._supervise(pending, on_outcome)
        return [submission.outcome for submission in pending if submission.outcome is not None]

    def spec(self, request: JobRequest, run_id: str, device: str, timeout_s: float) -> WorkerSpec:
        job = request.job
        return WorkerSpec(
            job_id=job.id,
            run_id=run_id,
            device=device,
            timeout_s=timeout_s,
            threads=self.threads,
            memory_mb=self.memory_mb,
            target=job.target,  # the worker checks it against the catalog's job of that id
        )

    def _submit(self, index: int, request: JobRequest, run_id: str, pinned: Mapping[str, Any] | None) -> _Submission:
        """Submit one request; a pinned node that lacks its resources fails it at once (Ray would refuse it)."""
        place = placement(request, self.framework_resources)
        timeout = request.job.timeout_s or self.timeout_s
        node_id = pinned["node_id"] if pinned is not None else None
        submission = _Submission(
            index, request, place, f"{run_id}--{request.job.id}", time.monotonic(), timeout, node_id=node_id
        )
        if pinned is not None and not node_fits(pinned, place.needs()):
            submission.outcome = self._error(submission, self._unplaceable(submission, pinned["node_id"], waited=False))
            return submission
        spec = self.spec(request, run_id, place.device, timeout).to_json()
        try:
            self.client().submit_job(
                entrypoint=f"printf '%s' {shlex.quote(spec)} | {shlex.quote(self.python)} {WORKER_COMMAND}",
                submission_id=submission.submission_id,
                runtime_env={"env_vars": job_environment({}, self.threads, place.device, ())},
                metadata={"weighin_run": run_id, "weighin_job": request.job.id},
                entrypoint_num_cpus=1,
                entrypoint_num_gpus=place.gpus or None,
                entrypoint_resources=place.resources,
                entrypoint_label_selector={NODE_LABEL: pinned["node_id"]} if pinned else None,
            )
        except ClusterError:
            raise
        except Exception as exc:  # Ray answers a known submission id (and other refusals) with RuntimeError
            reason = f"Ray refused the submission {submission.submission_id}: {_last_line(str(exc), 'already exists')}"
            submission.outcome = self._error(submission, reason)
        return submission

    def _supervise(self, submissions: Sequence[_Submission], on_outcome: OutcomeCallback | None) -> None:
        waiting = [s for s in submissions if s.outcome is None]
        while waiting:
            time.sleep(self.poll_s)
            for submission in list(waiting):
                if submission.request.run_id and submission.request.run_id in self._cancelled:
                    submission.outcome = self._stop(submission, "cancelled", wait_s=0.0)
                    waiting.remove(submission)
                    continue
                outcome = self._check(submission)
                if outcome is None:
                    continue
                submission.outcome = outcome
                waiting.remove(submission)
                if on_outcome is not None:
                    on_outcome(outcome)

    def _check(self, submission: _Submission) -> JobOutcome | None:
        """One poll of one submission: its outcome once finished or stopped, else None."""
        client, now = self.client(), time.monotonic()
        status = str(client.get_job_status(submission.submission_id).value)
        if status in TERMINAL:
            return self._collect(submission, status)
        if status == "RUNNING":
            submission.running_since = submission.running_since or now
            if now - submission.running_since > submission.timeout_s + self.timeout_grace_s:
                return self._stop(submission, f"timed out after {submission.timeout_s:g} s (stopped on the cluster)")
        elif now - submission.submitted_at > self.pending_deadline_s and not self._feasible(submission):
            return self._stop(submission, self._unplaceable(submission, submission.node_id), wait_s=0.0)
        return None

    def _feasible(self, submission: _Submission) -> bool:
        """Whether some live node (the chosen one, if any) has the resources the job asks for."""
        node_id = submission.node_id
        candidates = [n for n in self.nodes() if node_id is None or n["node_id"] == node_id]
        return any(node_fits(n, submission.placement.needs()) for n in candidates)

    def _unplaceable(self, submission: _Submission, node_id: str | None, waited: bool = True) -> str:
        needs = ", ".join(f"{name}={amount:g}" for name, amount in sorted(submission.placement.needs().items()))
        offered = "; ".join(
            f"{n['node_id'][:12]} has " + ", ".join(f"{k}={v:g}" for k, v in sorted(n["resources_total"].items()))
            for n in self.nodes()
            if n["state"] == "ALIVE"
        )
        target = f"node {node_id[:12]}" if node_id else "any live node"
        when = f", still unmet after {self.pending_deadline_s:g} s" if waited else ""
        return f"no node can run it: it needs {needs} on {target}{when} ({offered or 'no live nodes'})"

    def _stop(self, submission: _Submission, reason: str, wait_s: float = 10.0) -> JobOutcome:
        """Stop the Ray job; a running one gets ``wait_s`` to end so its log tail comes back with the error."""
        client, job = self.client(), submission.submission_id
        client.stop_job(job)
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline and str(client.get_job_status(job).value) not in TERMINAL:
            time.sleep(self.poll_s)
        return self._error(submission, reason, logs=self._logs(submission))

    def _logs(self, submission: _Submission) -> str:
        try:
            logs = str(self.client().get_job_logs(submission.submission_id))
        except Exception as exc:  # a job stopped before its driver started has no log yet
            submission.log_problem = f"{type(exc).__name__}: {_last_line(str(exc))}"
            return ""
        submission.log_problem = None
        return logs

    def _collect(self, submission: _Submission, status: str) -> JobOutcome:
        logs = self._logs(submission)
        deadline = time.monotonic() + (SUCCEEDED_LOG_GRACE_S if status == "SUCCEEDED" else LOG_GRACE_S)
        while not logs.strip() and time.monotonic() < deadline:  # a busy node serves a finished job's log late
            time.sleep(self.poll_s)
            logs = self._logs(submission)
        outcome = parse_outcome(logs)
        info = self.client().get_job_info(submission.submission_id)
        if outcome is None:
            message = info.message or f"Ray job {status.lower()}"
            if not logs.strip():
                why = f"; reading its log failed: {submission.log_problem}" if submission.log_problem else ""
                node = f" on node {info.driver_node_id[:12]}" if info.driver_node_id else ""
                if status == "SUCCEEDED":  # the worker ran: its outcome is lost, not its start
                    lost = f"the worker{node} finished, but its log stayed empty for {SUCCEEDED_LOG_GRACE_S:g} s{why}"
                    return self._error(submission, lost)
                return self._error(submission, f"Ray could not start the worker{node}: {message}{why}")
            return self._error(submission, f"the worker printed no outcome ({message}): {_last_line(logs)}", logs)
        if outcome.get("node_id") is None and info.driver_node_id:
            outcome = {**outcome, "node_id": info.driver_node_id}
        return self._from_worker(submission, outcome, logs, info.driver_exit_code)

    def _from_worker(
        self, submission: _Submission, outcome: dict[str, Any], logs: str, exit_code: int | None
    ) -> JobOutcome:
        return decode_outcome(
            outcome,
            submission.request.job,
            submission.request.device,
            duration_s=time.monotonic() - submission.submitted_at,
            stdout_tail=logs[-TAIL_CHARS:],
            exit_code=exit_code,
        )

    def _error(self, submission: _Submission, reason: str, logs: str = "") -> JobOutcome:
        return JobOutcome(
            job=submission.request.job,
            requested_device=submission.request.device,
            started_at=datetime.now(UTC),
            duration_s=time.monotonic() - submission.submitted_at,
            error=reason,
            stdout_tail=logs[-TAIL_CHARS:],
        )


def _last_line(text: str, prefer: str = "") -> str:
    """The line of an error text or a log that says what went wrong, cut to 200 characters: the last line holding
    ``prefer`` when one does ("... already exists" under Ray's traceback), else the last line; '' for no text."""
    lines = text.strip().splitlines()
    chosen = next((line for line in reversed(lines) if prefer and prefer in line), lines[-1] if lines else "")
    return chosen[:200]
