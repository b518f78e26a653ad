"""The serving process loads neither TensorFlow nor torch: the embedder and the question encoder run on ONNX Runtime,
jobs in subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_a_runtime_that_answers_imports_no_framework(tmp_path: Path) -> None:
    """Its own data dir: the session's is shared with tests that ingest documents and rebuild the index."""
    code = (
        "import sys\n"
        "from assistant.settings import Settings\n"
        "from assistant.wiring import build_runtime\n"
        "runtime = build_runtime(Settings.from_env(), start_queue=False)\n"
        "answer = runtime.assistant.ask('Which framework should I pick for AutoML?')\n"
        "assert answer.recommendation == 'tensorflow', answer\n"
        "frameworks = ('torch', 'tensorflow', 'keras', 'jax', 'sentence_transformers', 'transformers')\n"
        "# what answering does not need either: HTML reading, the index's builders, the question model's trainer\n"
        "heavy = ('trafilatura', 'bm25s', 'scipy', 'faiss', 'sklearn')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "print(sorted(m for m in frameworks if m in sys.modules))\n"
        "runtime.close()\n"
    )
    env = {
        **os.environ,
        "WEIGHIN_DATA_DIR": str(tmp_path / "data"),
        "WEIGHIN_DATABASE_URL": f"sqlite:///{tmp_path / 'serving.db'}",
        "HF_HUB_OFFLINE": "1",
        "WEIGHIN_EMBEDDER": "minilm",
    }
    for _start in ("builds the index", "loads it, as a server does"):
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, timeout=120, check=False
        )
        assert done.returncode == 0, done.stderr[-2000:]
    *_, heavy, frameworks = done.stdout.strip().splitlines()
    assert frameworks == "[]"
    assert heavy == "[]"
