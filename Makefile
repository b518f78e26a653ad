# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

export HF_HUB_OFFLINE := 1
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: run test lint bench bench-api container-test clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# pip (never uv/poetry): torch==2.13.0 resolves to the CPU wheel on this machine's disk.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

HOST ?= 127.0.0.1
PORT ?= 8000

# Sets up, then serves the API, the OpenAI-compatible endpoint and the chat page (the URL is printed).
run: $(STAMP)
	$(VENV)/bin/weighin serve --host $(HOST) --port $(PORT)

# Browser tests drive Debian's chromium headless; install it when missing (they skip, saying why, if that fails).
CHROMIUM := /usr/bin/chromium

$(CHROMIUM):
	-command -v apt-get >/dev/null && (apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 \
		|| (apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends chromium >/dev/null 2>&1)) \
		|| echo "chromium could not be installed; the browser tests will skip"

test: $(STAMP) | $(CHROMIUM)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) bench/ask_latency.py

# Weigh-in's HTTP server against the txtai API server (creates bench/.txtai-venv on first use).
bench-api: $(STAMP)
	$(PY) bench/api_vs_txtai.py

# Builds the server and worker images (buildah, chroot isolation, vfs storage) and smoke-tests them inside;
# installs buildah, podman and debootstrap from Debian when missing. Layers are cached between runs.
container-test:
	@command -v buildah >/dev/null && command -v podman >/dev/null && command -v debootstrap >/dev/null \
		|| apt-get install -y --no-install-recommends buildah podman debootstrap >/dev/null \
		|| (apt-get update >/dev/null && apt-get install -y --no-install-recommends buildah podman debootstrap >/dev/null)
	deploy/container_test.sh

clean:
	rm -rf $(VENV) build *.egg-info
