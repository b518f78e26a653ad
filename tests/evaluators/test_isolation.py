"""The serving process must never import TensorFlow (nor torch) through the evaluators package."""

from __future__ import annotations

import subprocess
import sys

LIGHT_MODULES = (
    "evaluators",
    "knowledge.hypotheses",
    "knowledge.reading",
    "evaluators.linking",
    "evaluators.judgements",
    "evaluators.outcome_codec",
    "evaluators.declarations",
    "evaluators.judging",
    "evaluators.findings",
    "evaluators.verdicts",
    "evaluators.registry",
    "evaluators.catalog",
    "evaluators.runner",
    "evaluators.records",
    "evaluators.store",
    "evaluators.fingerprint",
    "evaluators.service",
    "evaluators.job_context",
    "evaluators.worker",
)


def test_evaluator_modules_import_no_framework() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {LIGHT_MODULES!r}: importlib.import_module(name)\n"
        "from evaluators.catalog import default_registry\n"
        "[job.code_hash for job in default_registry().values()]\n"
        "print(sorted(m for m in ('torch', 'tensorflow', 'keras', 'jax') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_rules_module_imports_only_the_standard_library() -> None:
    code = (
        "import sys; import knowledge.hypotheses, knowledge.reading, evaluators.declarations; "
        "import evaluators.outcome_codec; "
        "print(sorted(m for m in ('sqlmodel', 'numpy') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_worker_needs_no_database_driver_nor_web_framework() -> None:
    """A cluster node runs the worker with only numpy and its framework: it never holds database credentials."""
    code = (
        "import sys; import evaluators.worker; from evaluators.catalog import default_registry; "
        "[j.code_hash for j in default_registry().values()]; "
        "print(sorted(m for m in ('sqlmodel', 'sqlalchemy', 'litestar', 'psycopg2') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
