"""Job (slow tier): PyTorch eager vs ``torch.compile`` on a small MLP forward pass.

Graph compilation is not TensorFlow's alone: if ``torch.compile`` makes the same work measurably
faster, PyTorch users get the "optimization" benefit the article ascribes to static graphs.
One-off compile time is reported apart from the steady-state timings.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from evaluators.job_context import JobContext, JobResult, timing_metrics
from evaluators.verdicts import compare_timings, format_speedup

CALLS_PER_SAMPLE = 50


def run(context: JobContext) -> JobResult:
    import torch

    device = context.pin_torch()
    model = torch.nn.Sequential(
        torch.nn.Linear(64, 256), torch.nn.GELU(), torch.nn.Linear(256, 256), torch.nn.GELU(), torch.nn.Linear(256, 10)
    ).to(device)
    model.eval()
    x = torch.randn(32, 64, device=device)
    sync = torch.cuda.synchronize if device == "cuda" else None
    compiled = torch.compile(model)
    start = time.perf_counter()
    with torch.no_grad():
        reference, first = model(x), compiled(x)
    if sync:
        sync()
    compile_s = time.perf_counter() - start
    max_diff = float((reference - first).abs().max())

    def many(fn: Callable[[torch.Tensor], torch.Tensor]) -> None:
        with torch.no_grad():
            for _ in range(CALLS_PER_SAMPLE):
                fn(x)

    eager_samples = context.time_calls(lambda: many(model), sync)
    compiled_samples = context.time_calls(lambda: many(compiled), sync)
    comparison = compare_timings(eager_samples, compiled_samples)
    return JobResult(
        verdict=comparison.verdict,
        rationale=(
            f"torch.compile vs eager on a 3-layer MLP forward ({CALLS_PER_SAMPLE} calls per sample): "
            f"{comparison.reason}, after a one-off compile of {compile_s:.1f} s; max abs diff {max_diff:.1e}."
        ),
        metrics={
            "eager": timing_metrics(eager_samples),
            "compiled": timing_metrics(compiled_samples),
            "compile_s": compile_s,
            "speedup": comparison.speedup,
            "max_abs_diff": max_diff,
            "torch": torch.__version__,
        },
        key_figure=f"{format_speedup('torch.compile', 'eager', comparison.speedup)} (compile {compile_s:.1f} s)",
        device=device,
    )
