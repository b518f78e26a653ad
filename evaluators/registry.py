"""Verification jobs and the registry that finds them by id or by claim.

A job names its code by ``"module:function"`` instead of holding the function, so the serving
process can list, hash and select jobs without importing any job module (and therefore without any
chance of importing torch or TensorFlow). The worker subprocess imports the target.

Which claims a job speaks to is the claim linker's answer (:mod:`evaluators.linking`, reading the jobs'
declarations); :func:`claim_links` asks any :class:`LinkSource` for it.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from evaluators.declarations import JobDeclaration
from evaluators.errors import JobDefinitionError, UnknownJobError
from knowledge.hypotheses import ClaimLink

if TYPE_CHECKING:
    from knowledge.claims import Claim

Tier = Literal["default", "slow"]
DevicePreference = Literal["cpu", "any"]
TIERS: tuple[str, ...] = ("default", "slow")


@dataclass(frozen=True, slots=True)
class Job:
    """One verification job: what it checks, which claims it speaks to, and where its code lives."""

    id: str
    version: int
    title: str
    target: str
    """``"package.module:function"``; the function takes a ``JobContext`` and returns a ``JobResult``."""
    frameworks: tuple[str, ...]
    device: DevicePreference = "cpu"
    """``any``: uses a GPU when one is requested or auto-detected; ``cpu``: always CPU."""
    timeout_s: float | None = None
    """Overrides the executor's default timeout when the job is known to need longer."""
    tier: Tier = "default"
    support_modules: tuple[str, ...] = ()
    """Other modules whose source the job depends on (shared models); they count toward ``code_hash``."""
    timing: bool = False
    """The job times something: the worker holds the machine-wide timing lock while it runs."""
    declaration: JobDeclaration | None = None
    """What the job measures (its module's ``DECLARATION``); None for jobs outside the catalog (tests' fakes)."""

    def __post_init__(self) -> None:
        if self.tier not in TIERS:
            raise JobDefinitionError(f"job {self.id!r}: tier must be one of {TIERS}, got {self.tier!r}")
        if ":" not in self.target:
            raise JobDefinitionError(f"job {self.id!r}: target must be 'module:function', got {self.target!r}")

    @property
    def module_name(self) -> str:
        return self.target.split(":", 1)[0]

    @property
    def code_hash(self) -> str:
        """sha256 over everything that can change this job's result or verdicts: evidence from other code is stale.

        The job module (its code: not the words its declaration gives for what it measures, see
        :func:`job_module_hash`), its support modules, and :data:`HARNESS_MODULES` (worker, timer, thresholds,
        judging rules, findings and the hypothesis table).
        """
        shared = (*self.support_modules, *HARNESS_MODULES)
        hashes = (job_module_hash(self.module_name), *map(module_source_hash, shared))
        return hashlib.sha256("".join(hashes).encode()).hexdigest()


HARNESS_MODULES: tuple[str, ...] = (
    "evaluators.job_context",
    "evaluators.harness",
    "evaluators.observations",
    "evaluators.worker",
    "evaluators.verdicts",
    "evaluators.judging",
    "evaluators.findings",
    "knowledge.hypotheses",
)
"""Modules every job's result or verdicts depend on; each counts toward every job's ``code_hash``."""


@lru_cache(maxsize=256)
def module_source_hash(module_name: str) -> str:
    """Hash a module's source file without importing (executing) it."""
    return hashlib.sha256(_module_path(module_name).read_bytes()).hexdigest()


_WORDS = frozenset({"phrases", "cues", "failure_cues", "bare_comparatives"})
"""What a declaration says in people's words: the claim linker and the question resolver read them, no measurement
or verdict does."""


@lru_cache(maxsize=256)
def job_module_hash(module_name: str) -> str:
    """Hash a job module's code without importing it, leaving out its declaration's words (:data:`_WORDS`, and a
    property's phrases given by position) and its layout and comments: a new cue word ("latency per request") makes
    no measurement stale, while a metric's unit, kind, better direction or sides, and every line of the job, do."""
    tree = ast.parse(_module_path(module_name).read_bytes())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in ("PropertyDeclaration", "MetricDeclaration"):
                node.keywords = [keyword for keyword in node.keywords if keyword.arg not in _WORDS]
            if node.func.id == "PropertyDeclaration" and len(node.args) >= 2:
                node.args = [node.args[0], *node.args[2:]]
    # A name imported from the declarations module only to be used as words (failure_cues=OUTPUTS_DIFFER) is
    # words too: its import goes with it.
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "evaluators.declarations":
            node.names = [alias for alias in node.names if (alias.asname or alias.name) in used]
    return hashlib.sha256(ast.dump(tree).encode()).hexdigest()


def _module_path(module_name: str) -> Path:
    spec = importlib.util.find_spec(module_name)
    if spec is None or spec.origin is None:
        raise JobDefinitionError(f"job module {module_name!r} cannot be found")
    return Path(spec.origin)


class JobRegistry(Mapping[str, Job]):
    """Jobs by id, in declaration order."""

    def __init__(self, jobs: Iterable[Job]) -> None:
        self._jobs: dict[str, Job] = {}
        for job in jobs:
            if job.id in self._jobs:
                raise JobDefinitionError(f"duplicate job id {job.id!r}")
            self._jobs[job.id] = job

    def __getitem__(self, job_id: str) -> Job:
        try:
            return self._jobs[job_id]
        except KeyError:
            raise UnknownJobError(job_id, tuple(self._jobs)) from None

    def __contains__(self, job_id: object) -> bool:
        return job_id in self._jobs

    def get(self, job_id: str, default: Job | None = None) -> Job | None:  # type: ignore[override]
        """Like ``dict.get``: no user error for a missing id (``Mapping.get`` only catches KeyError)."""
        return self._jobs.get(job_id, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._jobs)

    def __len__(self) -> int:
        return len(self._jobs)

    def in_tier(self, tier: str) -> list[Job]:
        """Jobs of one tier, or all of them for ``"all"``."""
        return [job for job in self._jobs.values() if tier == "all" or job.tier == tier]


class LinkSource(Protocol):
    """Whatever links a claim to jobs: the claim linker, or a fixed table (tests, reviewed overrides).

    ``links_for_claim`` is the one entry for a stored claim (its words read in its context); ``links_for``
    reads a bare sentence (the audit page's claim records, the corpus bench).
    """

    def links_for_claim(self, claim: Claim) -> list[ClaimLink]: ...

    def links_for(self, text: str, topic: str, context: str = "") -> list[ClaimLink]: ...


def default_linker(registry: Mapping[str, Job]) -> LinkSource:
    """The claim linker over a registry's declarations (imported on use: the linker reads this module)."""
    from evaluators.linking import registry_linker

    return registry_linker(registry)


def claim_links(claim: Claim, registry: Mapping[str, Job], linker: LinkSource | None = None) -> list[ClaimLink]:
    """The linker's links for a claim (by default the registry's claim linker), limited to its jobs."""
    linker = linker or default_linker(registry)
    return [link for link in linker.links_for_claim(claim) if link.job_id in registry]


def resolve_claims(job: Job, claims: Iterable[Claim], linker: LinkSource) -> list[Claim]:
    """The claims a job speaks to: those the linker links to it."""
    return [claim for claim in claims if any(link.job_id == job.id for link in linker.links_for_claim(claim))]


def jobs_for_claim(claim: Claim, registry: Mapping[str, Job], linker: LinkSource | None = None) -> list[Job]:
    """Every job the linker (by default the registry's claim linker) links to this claim, each once."""
    return [registry[job_id] for job_id in dict.fromkeys(link.job_id for link in claim_links(claim, registry, linker))]
