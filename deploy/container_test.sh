#!/usr/bin/env bash
# Builds the `server` and `worker` images for real and smoke-tests them inside (`make container-test`).
#
# Containers cannot *run* on the project's machines (no cgroups for podman), but buildah builds with
# chroot isolation and vfs storage, RUN steps included, and `buildah run` executes commands inside an
# image. Registries cannot be reached either, so the base is a Debian bookworm made with debootstrap and
# imported once (kept as localhost/weighin-base:bookworm), and pip in the build reads this machine's local
# wheel directory and simple indexes through read-only build mounts. Layers are cached between runs
# (the dependencies' layer is reused until pyproject.toml changes). vfs stores every layer and container
# as a full copy of the file system (about 4 GB here), so the image keeps to two large layers and each
# check's container is removed as soon as it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

export STORAGE_DRIVER=vfs
BUILDAH=(buildah --storage-driver vfs)
BASE_IMAGE=localhost/weighin-base:bookworm
WORK=${WEIGHIN_CONTAINER_WORK:-/var/tmp/weighin-container}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
WHEELS=${WEIGHIN_WHEEL_DIR:-/opt/wheels}
INDEXES=${WEIGHIN_LOCAL_INDEXES:-/opt/pypi /opt/pypi-more}
CA_BUNDLE=${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}  # this machine's CAs (HTTPS goes through a proxy)
QUESTION="Which framework is easier to debug?"
CONTAINERS=()

step() { printf '\n== [%4ss] %s\n' "$SECONDS" "$*"; }
cleanup() { for ctr in "${CONTAINERS[@]}"; do "${BUILDAH[@]}" rm "$ctr" >/dev/null 2>&1 || true; done; }
trap cleanup EXIT

need() {
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "container-test needs $tool (apt-get install buildah podman debootstrap)" >&2; exit 2; }
    done
}

base_image() {
    if "${BUILDAH[@]}" inspect --type image "$BASE_IMAGE" >/dev/null 2>&1; then
        step "base image $BASE_IMAGE is already here"
        return
    fi
    step "debootstrap a minimal bookworm with Python 3.11 and import it as $BASE_IMAGE"
    rm -rf "$WORK/rootfs" && mkdir -p "$WORK"
    debootstrap --variant=minbase --include=python3,python3-venv,python3-pip bookworm "$WORK/rootfs" "$MIRROR" >"$WORK/debootstrap.log"
    tar -C "$WORK/rootfs" -c . | podman --storage-driver vfs import - "$BASE_IMAGE" >/dev/null
    rm -rf "$WORK/rootfs"
}

build() {  # build TARGET: one image per Containerfile target, local pip sources mounted read-only
    local target=$1 mounts=(-v "$WHEELS:$WHEELS:ro" -v "$CA_BUNDLE:/run/weighin-build-ca.crt:ro") extra=""
    for index in $INDEXES; do
        mounts+=(-v "$index:$index:ro")
        extra+="${extra:+ }file://$index/simple"
    done
    step "build target $target"
    "${BUILDAH[@]}" bud --isolation chroot --layers --quiet "${mounts[@]}" \
        --build-arg BASE="$BASE_IMAGE" --build-arg PIP_WHEEL_DIR="$WHEELS" --build-arg PIP_EXTRA_INDEX_URLS="$extra" \
        --build-arg PIP_CA_BUNDLE=/run/weighin-build-ca.crt \
        --target "$target" -t "localhost/weighin-$target:test" -f Containerfile . >/dev/null
}

inside() {  # inside IMAGE COMMAND...: run a command in a fresh working container of IMAGE, then remove it
    local ctr status=0
    ctr=$("${BUILDAH[@]}" from --quiet "localhost/weighin-$1:test")
    CONTAINERS+=("$ctr")
    shift
    "${BUILDAH[@]}" run --isolation chroot "$ctr" -- "$@" || status=$?
    "${BUILDAH[@]}" rm "$ctr" >/dev/null  # vfs keeps a full copy of the image per container
    return $status
}

server_checks() {
    step "server: weighin ask"
    inside server weighin ask "$QUESTION" | tee "$WORK/ask.txt" | tail -n 5
    grep -qi "pytorch" "$WORK/ask.txt" || { echo "the answer does not name PyTorch" >&2; exit 1; }
    step "server: weighin serve until /healthz and /readyz answer"
    inside server sh -c 'weighin serve --host 127.0.0.1 --port 18765 >/tmp/serve.log 2>&1 & server=$!
        python - <<"EOF" || { tail -n 30 /tmp/serve.log; kill $server; exit 1; }
import time, urllib.request
deadline = time.time() + 300
for path in ("/healthz", "/readyz"):
    while True:
        try:
            with urllib.request.urlopen("http://127.0.0.1:18765" + path, timeout=5) as reply:
                print(path, reply.status, reply.read(200).decode())
                break
        except OSError:
            if time.time() > deadline:
                raise SystemExit(f"{path} did not answer within 300 s")
            time.sleep(1)
EOF
        kill $server; wait $server 2>/dev/null || true'
}

worker_checks() {
    step "worker: one verification job through the worker protocol"
    local spec='{"protocol": 1, "job_id": "torch-dynamic-control-flow", "run_id": "container-test", "device": "cpu", "timeout_s": 300, "threads": 1, "memory_mb": 4096}'
    inside worker sh -c "printf '%s' '$spec' | CUDA_VISIBLE_DEVICES= python -m evaluators.worker run --spec -" >"$WORK/outcome.txt"
    python3 - "$WORK/outcome.txt" <<"EOF"
import json, sys
lines = [l for l in open(sys.argv[1]) if l.startswith("WEIGHIN-OUTCOME ")]
assert len(lines) == 1, f"expected one outcome line, got {len(lines)}"
outcome = json.loads(lines[0].removeprefix("WEIGHIN-OUTCOME "))
print({key: outcome[key] for key in ("job_id", "status", "error", "host", "device", "duration_s")})
assert outcome["job_id"] == "torch-dynamic-control-flow" and outcome["code_hash"] and outcome["fingerprint"]["hash"]
assert outcome["status"] == "ok", outcome["error"]
EOF
    step "worker: ray is installed for the node entrypoint"
    inside worker ray --version
}

need buildah podman debootstrap
mkdir -p "$WORK"
base_image
build server
build worker
server_checks
worker_checks
# Earlier builds' images (untagged now) are full copies under vfs, about 4 GB each: drop them, keep the cache
# of the tagged images' layers.
"${BUILDAH[@]}" rmi --prune >/dev/null 2>&1 || true
step "container-test passed"
