"""Build the txtai index that a rendered config.yml serves, before the timed cold start.

Runs with the txtai venv's python (bench/.txtai-venv), never the project's: txtai and Weigh-in do not
share dependencies. Usage: python build_index.py CONFIG_YML CLAIMS_JSON

CLAIMS_JSON is the output of `weighin claims --json` (a list of claim objects with "id" and "text"), so
txtai indexes exactly the texts Weigh-in answers from. Prints one JSON line with what was built and the
library versions, which the harness stores with its results.
"""

from __future__ import annotations

import json
import sys
import time
from importlib.metadata import version
from pathlib import Path

import torch
from txtai import Embeddings
from txtai.app import Application


def main(config_path: str, claims_path: str) -> None:
    config = Application.read(config_path)
    claims = json.loads(Path(claims_path).read_text())
    start = time.perf_counter()
    embeddings = Embeddings(config["embeddings"])
    embeddings.index([{"id": claim["id"], "text": claim["text"]} for claim in claims])
    embeddings.save(config["path"])
    report = {
        "documents": embeddings.count(),
        "build_s": round(time.perf_counter() - start, 3),
        "backend": embeddings.config.get("backend"),
        "method": embeddings.config.get("method"),
        "torch_threads": torch.get_num_threads(),
        "versions": {name: version(name) for name in ("txtai", "torch", "faiss-cpu", "transformers", "uvicorn")},
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main(*sys.argv[1:3])
