"""Configuration, read once from ``WEIGHIN_*`` environment variables.

Domain code never reads the environment: it receives these plain values through constructors.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import ConfigurationError
from knowledge.embedder import model_name
from knowledge.minilm_onnx import PRECISIONS


def _default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("weighin", appauthor=False))


def _int(env: dict[str, str], name: str, default: int, minimum: int = 1) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be an integer, got {raw!r}") from exc
    if value < minimum:
        raise ConfigurationError(f"{name} must be >= {minimum}, got {value}")
    return value


def _choice(env: dict[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env.get(name) or default
    if value not in choices:
        raise ConfigurationError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class KnowledgeSettings:
    data_dir: Path
    """Where documents, the index and the evidence database live (``WEIGHIN_DATA_DIR``)."""
    embedder: str = "minilm"
    """``minilm`` (MiniLM on ONNX Runtime, fast start, no torch) or ``sentence-transformers`` (``WEIGHIN_EMBEDDER``)."""
    index_backend: str = "faiss"
    """Dense index backend: ``faiss`` or ``numpy`` exact search (``WEIGHIN_INDEX_BACKEND``)."""
    embed_threads: int = 1
    """ONNX Runtime threads for embedding; one is steadiest on a shared 2-core box (``WEIGHIN_EMBED_THREADS``;
    the older ``WEIGHIN_TORCH_THREADS`` is still read)."""
    embed_precision: str = "fp32"
    """MiniLM's weights on ONNX Runtime: ``fp32`` (the reference's vectors) or ``int8`` (about 2.5x faster per
    question, vectors within cosine 0.99, some answers cite other claims: BENCHMARKS.md) (``WEIGHIN_EMBED_PRECISION``);
    changing it rebuilds the index."""
    max_document_claims: int = 20_000
    """Most claims one ingested document may add; more is refused with 413 (``WEIGHIN_MAX_DOCUMENT_CLAIMS``)."""
    index_watch_s: float = 2.0
    """How often a server looks for an index rebuilt by another process, such as ``weighin ingest``; 0 turns
    it off (``WEIGHIN_INDEX_WATCH_SECONDS``)."""
    index_build_timeout_s: int = 900
    """Longest a server waits for a rebuilt index after an ingest (``WEIGHIN_INDEX_BUILD_TIMEOUT``)."""

    def to_json(self) -> str:
        """These settings for a child process (the server's index builder)."""
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return json.dumps({**values, "data_dir": str(self.data_dir)})

    @classmethod
    def from_json(cls, text: str) -> KnowledgeSettings:
        values = json.loads(text)
        return cls(**{**values, "data_dir": Path(values["data_dir"])})

    @property
    def model(self) -> str:
        """The name the index records: sentence-transformers always runs float32."""
        return model_name(self.embed_precision if self.embedder == "minilm" else "fp32")

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def documents_dir(self) -> Path:
        return self.data_dir / "documents"


@dataclass(frozen=True, slots=True)
class RaySettings:
    """Where the Ray executor submits jobs; read only when ``WEIGHIN_EXECUTOR=ray``."""

    address: str
    """The head's job API, e.g. ``http://ray-head:8265`` (``WEIGHIN_RAY_ADDRESS``)."""
    python: str = "python"
    """The interpreter with Weigh-in installed on the worker nodes (``WEIGHIN_RAY_PYTHON``)."""
    pending_deadline_s: int = 60
    """How long a job no live node can take waits for one to join (``WEIGHIN_RAY_PENDING_DEADLINE``)."""
    auth_token: str | None = field(default=None, repr=False)
    """The cluster's token: Ray's own ``RAY_AUTH_TOKEN``, or the file named by ``RAY_AUTH_TOKEN_PATH``."""

    @classmethod
    def from_env(cls, env: dict[str, str]) -> RaySettings:
        address = env.get("WEIGHIN_RAY_ADDRESS") or ""
        if not address.startswith(("http://", "https://")):
            raise ConfigurationError(
                "WEIGHIN_EXECUTOR=ray needs WEIGHIN_RAY_ADDRESS, the head's job API URL (e.g. http://127.0.0.1:8265);"
                f" got {address!r}"
            )
        return cls(
            address=address.rstrip("/"),
            python=env.get("WEIGHIN_RAY_PYTHON") or "python",
            pending_deadline_s=_int(env, "WEIGHIN_RAY_PENDING_DEADLINE", 60),
            auth_token=_ray_token(env),
        )


def _ray_token(env: dict[str, str]) -> str | None:
    if env.get("RAY_AUTH_TOKEN"):
        return env["RAY_AUTH_TOKEN"].strip()
    path = env.get("RAY_AUTH_TOKEN_PATH")
    if not path:
        return None
    try:
        return Path(path).expanduser().read_text().strip() or None
    except OSError as exc:
        raise ConfigurationError(f"RAY_AUTH_TOKEN_PATH names {path!r}, which cannot be read: {exc.strerror}") from exc


@dataclass(frozen=True, slots=True)
class EvaluationSettings:
    database_url: str
    """SQLAlchemy URL of the evidence store (``WEIGHIN_DATABASE_URL``; default SQLite in the data dir)."""
    job_timeout_s: int = 120
    """Per-job wall-clock limit (``WEIGHIN_JOB_TIMEOUT``)."""
    job_threads: int = 2
    """Threads pinned in each verification job (``WEIGHIN_JOB_THREADS``)."""
    job_memory_mb: int = 6144
    """Address-space limit of each job process (``WEIGHIN_JOB_MEMORY_MB``)."""
    device: str = "auto"
    """``auto``, ``cpu`` or ``cuda`` (``WEIGHIN_DEVICE``)."""
    executor: str = "local"
    """``local`` (subprocesses on this machine) or ``ray`` (Ray Jobs on a cluster) (``WEIGHIN_EXECUTOR``)."""
    ray: RaySettings | None = None
    """The cluster, when ``executor`` is ``ray``."""
    max_queued_runs: int = 3
    """Evaluation runs one client (API key or address) may have queued at once; more get 429
    (``WEIGHIN_MAX_QUEUED_RUNS``)."""


def _flag(env: dict[str, str], name: str, default: bool) -> bool:
    raw = (env.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigurationError(f"{name} must be true or false, got {env[name]!r}")


def _networks(env: dict[str, str], name: str) -> tuple[str, ...]:
    """Comma-separated IP addresses or networks, each checked (a typo must not trust nobody silently)."""
    import ipaddress

    found = []
    for item in (part.strip() for part in (env.get(name) or "").split(",")):
        if not item:
            continue
        try:
            found.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError as exc:
            raise ConfigurationError(f"{name} must list IP addresses or networks, got {item!r}") from exc
    return tuple(found)


@dataclass(frozen=True, slots=True)
class ApiSettings:
    api_keys: tuple[str, ...] = ()
    """Keys accepted for compute and write endpoints, comma-separated (``WEIGHIN_API_KEYS``); none: closed."""
    open_reads: bool = True
    """Whether read endpoints answer without a key (``WEIGHIN_API_OPEN_READS``)."""
    rate_limit_per_minute: int = 120
    """Ask and chat requests per client and minute; 0 turns limiting off (``WEIGHIN_RATE_LIMIT``)."""
    rate_burst: int = 20
    """Requests a client may send at once before the per-minute rate applies (``WEIGHIN_RATE_BURST``)."""
    max_body_bytes: int = 64 * 1024
    """Largest request body, except document ingest (``WEIGHIN_MAX_BODY_BYTES``)."""
    max_document_bytes: int = 2 * 1024 * 1024
    """Largest document accepted by ``POST /v1/documents`` (``WEIGHIN_MAX_DOCUMENT_BYTES``)."""
    ask_batch_size: int = 16
    """Most concurrent questions embedded in one batch (``WEIGHIN_ASK_BATCH``)."""
    rate_clients: int = 10_000
    """Most clients the rate limiter tracks at once; past that, new ones share a bucket (``WEIGHIN_RATE_CLIENTS``)."""
    max_json_depth: int = 32
    """Deepest nesting of arrays and objects accepted in a JSON body (``WEIGHIN_MAX_JSON_DEPTH``)."""
    trusted_proxies: tuple[str, ...] = ()
    """Addresses or networks (``10.0.0.0/8``) of reverse proxies whose ``X-Forwarded-For`` and
    ``X-Forwarded-Proto`` are believed, comma-separated (``WEIGHIN_TRUSTED_PROXIES``); empty (the default):
    forwarded headers are ignored and a client is its TCP peer."""

    @classmethod
    def from_env(cls, env: dict[str, str]) -> ApiSettings:
        keys = tuple(key.strip() for key in (env.get("WEIGHIN_API_KEYS") or "").split(",") if key.strip())
        return cls(
            api_keys=keys,
            open_reads=_flag(env, "WEIGHIN_API_OPEN_READS", True),
            rate_limit_per_minute=_int(env, "WEIGHIN_RATE_LIMIT", 120, minimum=0),
            rate_burst=_int(env, "WEIGHIN_RATE_BURST", 20),
            max_body_bytes=_int(env, "WEIGHIN_MAX_BODY_BYTES", 64 * 1024, minimum=1024),
            max_document_bytes=_int(env, "WEIGHIN_MAX_DOCUMENT_BYTES", 2 * 1024 * 1024, minimum=1024),
            ask_batch_size=_int(env, "WEIGHIN_ASK_BATCH", 16),
            rate_clients=_int(env, "WEIGHIN_RATE_CLIENTS", 10_000),
            max_json_depth=_int(env, "WEIGHIN_MAX_JSON_DEPTH", 32, minimum=2),
            trusted_proxies=_networks(env, "WEIGHIN_TRUSTED_PROXIES"),
        )


@dataclass(frozen=True, slots=True)
class SlackSettings:
    signing_secret: str | None = None
    """Verifies every request from Slack (``WEIGHIN_SLACK_SIGNING_SECRET``); unset: Slack routes answer 503."""
    bot_token: str | None = None
    """Bot token for the Web API, ``xoxb-...`` (``WEIGHIN_SLACK_BOT_TOKEN``)."""
    api_base: str = "https://slack.com/api/"
    """Web API base URL (``WEIGHIN_SLACK_API_BASE``); tests point it at a local stand-in."""

    @property
    def configured(self) -> bool:
        return bool(self.signing_secret and self.bot_token)

    @classmethod
    def from_env(cls, env: dict[str, str]) -> SlackSettings:
        base = env.get("WEIGHIN_SLACK_API_BASE") or "https://slack.com/api/"
        if not base.startswith(("http://", "https://")):
            raise ConfigurationError(f"WEIGHIN_SLACK_API_BASE must be an http(s) URL, got {base!r}")
        return cls(
            signing_secret=env.get("WEIGHIN_SLACK_SIGNING_SECRET") or None,
            bot_token=env.get("WEIGHIN_SLACK_BOT_TOKEN") or None,
            api_base=base if base.endswith("/") else base + "/",
        )


@dataclass(frozen=True, slots=True)
class Settings:
    knowledge: KnowledgeSettings
    evaluation: EvaluationSettings
    default_k: int = 4
    """Claims cited per answer (``WEIGHIN_TOP_K``)."""
    max_question_chars: int = 2000
    api: ApiSettings = field(default_factory=ApiSettings)
    slack: SlackSettings = field(default_factory=SlackSettings)
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        data_dir = Path(env["WEIGHIN_DATA_DIR"]).expanduser() if env.get("WEIGHIN_DATA_DIR") else _default_data_dir()
        knowledge = KnowledgeSettings(
            data_dir=data_dir,
            embedder=_choice(env, "WEIGHIN_EMBEDDER", "minilm", ("minilm", "sentence-transformers")),
            index_backend=_choice(env, "WEIGHIN_INDEX_BACKEND", "faiss", ("faiss", "numpy")),
            embed_threads=_int(env, "WEIGHIN_EMBED_THREADS", _int(env, "WEIGHIN_TORCH_THREADS", 1)),
            embed_precision=_choice(env, "WEIGHIN_EMBED_PRECISION", "fp32", PRECISIONS),
            max_document_claims=_int(env, "WEIGHIN_MAX_DOCUMENT_CLAIMS", 20_000),
            index_watch_s=_int(env, "WEIGHIN_INDEX_WATCH_SECONDS", 2, minimum=0),
            index_build_timeout_s=_int(env, "WEIGHIN_INDEX_BUILD_TIMEOUT", 900),
        )
        evaluation = EvaluationSettings(
            database_url=env.get("WEIGHIN_DATABASE_URL") or f"sqlite:///{data_dir / 'weighin.db'}",
            job_timeout_s=_int(env, "WEIGHIN_JOB_TIMEOUT", 120),
            job_threads=_int(env, "WEIGHIN_JOB_THREADS", 2),
            job_memory_mb=_int(env, "WEIGHIN_JOB_MEMORY_MB", 6144, minimum=256),
            device=_choice(env, "WEIGHIN_DEVICE", "auto", ("auto", "cpu", "cuda")),
            executor=_choice(env, "WEIGHIN_EXECUTOR", "local", ("local", "ray")),
            ray=RaySettings.from_env(env) if env.get("WEIGHIN_EXECUTOR") == "ray" else None,
            max_queued_runs=_int(env, "WEIGHIN_MAX_QUEUED_RUNS", 3),
        )
        return cls(
            knowledge=knowledge,
            evaluation=evaluation,
            default_k=_int(env, "WEIGHIN_TOP_K", 4),
            api=ApiSettings.from_env(env),
            slack=SlackSettings.from_env(env),
        )
