#!/usr/bin/env bash
# Run every verification job this machine can, on its own Python, and write the outcomes for
# `weighin evidence import FILE`. Meant for a CUDA machine that has torch and maybe no TensorFlow (the
# TF sides are then recorded as unavailable, not failed); it needs only this source tree, numpy and the
# frameworks: no database, no Weigh-in install.
#
#   bench/gpu_evidence.sh [OUTFILE]            (default bench/results/gpu-outcomes.jsonl)
#   PYTHON=python3 WEIGHIN_DEVICE=cuda WEIGHIN_TIER=all WEIGHIN_JOB_TIMEOUT=300 bench/gpu_evidence.sh
#
# GPU-capable jobs are asked for WEIGHIN_DEVICE (default cuda); CPU-only jobs run with the GPUs hidden.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
OUT=${1:-bench/results/gpu-outcomes.jsonl}
DEVICE=${WEIGHIN_DEVICE:-cuda}
TIER=${WEIGHIN_TIER:-all}
TIMEOUT=${WEIGHIN_JOB_TIMEOUT:-300}
THREADS=${WEIGHIN_JOB_THREADS:-2}
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TF_CPP_MIN_LOG_LEVEL=2 PYTHONHASHSEED=0 PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export OMP_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS

JOBS=$("$PYTHON" -c "
from evaluators.catalog import default_registry
for job in default_registry().in_tier('$TIER'):
    print(job.id, job.device)
") || { echo "cannot list the jobs with $PYTHON" >&2; exit 2; }

mkdir -p "$(dirname "$OUT")" bench/results/gpu-logs
: > "$OUT"
failed=0
while read -r job preference; do
    device=$DEVICE
    if [ "$preference" != "any" ]; then device=cpu; fi
    spec="{\"job_id\": \"$job\", \"run_id\": \"gpu-evidence-$job\", \"device\": \"$device\", \"timeout_s\": $TIMEOUT, \"threads\": $THREADS, \"memory_mb\": 16384}"
    started=$(date +%s)
    if [ "$device" = cpu ]; then
        line=$(CUDA_VISIBLE_DEVICES="" timeout $((TIMEOUT + 30)) "$PYTHON" -m evaluators.worker run --spec - <<<"$spec" 2>"bench/results/gpu-logs/$job.err" | grep '^WEIGHIN-OUTCOME ')
    else
        line=$(timeout $((TIMEOUT + 30)) "$PYTHON" -m evaluators.worker run --spec - <<<"$spec" 2>"bench/results/gpu-logs/$job.err" | grep '^WEIGHIN-OUTCOME ')
    fi
    if [ -n "$line" ]; then
        echo "${line#WEIGHIN-OUTCOME }" >>"$OUT"
        status=$(echo "${line#WEIGHIN-OUTCOME }" | "$PYTHON" -c 'import json,sys; o=json.load(sys.stdin); print(o["status"], o["device"], (o.get("error") or "")[:100])')
    else
        status="crashed (no outcome; see bench/results/gpu-logs/$job.err)"
        failed=$((failed + 1))
    fi
    echo "$job [$device] $(( $(date +%s) - started )) s: $status"
done <<<"$JOBS"
echo "wrote $(wc -l <"$OUT") outcomes to $OUT ($failed jobs printed none)"
