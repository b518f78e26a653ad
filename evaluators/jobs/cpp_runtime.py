"""Job (slow tier): load the TorchScript artifact from C++ built against the libtorch in the wheel.

Verifies "C++ runtime support for production apps": a small C++ program, compiled with g++ against
``torch/include`` and ``torch/lib``, loads the scripted model without Python and must reproduce the
Python outputs. The build dominates the run time (tens of seconds on 2 cores).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from evaluators.declarations import (
    OUTPUTS_DIFFER,
    JobDeclaration,
    MetricDeclaration,
    PropertyDeclaration,
    SideDeclaration,
)
from evaluators.harness import records_load
from evaluators.job_context import JobContext, JobResult
from evaluators.observations import Observation, check_side, observation, unavailable

DECLARATION = JobDeclaration(
    job_id="torchscript-cpp-runtime",
    title="TorchScript model loaded from C++ (libtorch)",
    frameworks=("pytorch", "c++"),
    sides=(SideDeclaration("pytorch", "pytorch"),),
    properties=(
        PropertyDeclaration(
            "cpp-runtime",
            (
                "C++ runtime",
                "libtorch",
                "loading a model from C++ without Python",
            ),
            cues=("c++", "libtorch"),
        ),
    ),
    metrics=(
        MetricDeclaration("cpp_runtime_parity", "check", "max abs diff", "cpp-runtime", failure_cues=OUTPUTS_DIFFER),
    ),
)
"""What this job measures: the catalog, the claim linker and docs/jobs.md read it."""

TOLERANCE = 1e-5
LABEL = "a TorchScript model loaded and run from C++ (libtorch) without Python"
CPP_SOURCE = r"""
#include <torch/script.h>
#include <fstream>
#include <iostream>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 6) { std::cerr << "usage: model input output rows cols\n"; return 2; }
  const long rows = std::stol(argv[4]), cols = std::stol(argv[5]);
  std::vector<float> data(rows * cols);
  std::ifstream in(argv[2], std::ios::binary);
  in.read(reinterpret_cast<char*>(data.data()), data.size() * sizeof(float));
  torch::jit::script::Module module = torch::jit::load(argv[1]);
  module.eval();
  torch::NoGradGuard no_grad;
  at::Tensor x = torch::from_blob(data.data(), {rows, cols}, torch::kFloat32);
  at::Tensor y = module.forward({x}).toTensor().contiguous();
  std::ofstream out(argv[3], std::ios::binary);
  out.write(reinterpret_cast<const char*>(y.data_ptr<float>()), y.numel() * sizeof(float));
  std::cout << y.size(0) << " " << y.size(1) << std::endl;
  return 0;
}
"""


def compile_program(torch_dir: Path, workdir: Path, cxx11_abi: bool, timeout: float) -> tuple[Path, float]:
    """Build the loader with g++; returns the binary and the build time."""
    source, binary = workdir / "load_model.cpp", workdir / "load_model"
    source.write_text(CPP_SOURCE)
    include, lib = torch_dir / "include", torch_dir / "lib"
    command = [
        "g++",
        "-std=c++17",
        "-O1",
        f"-D_GLIBCXX_USE_CXX11_ABI={int(cxx11_abi)}",
        str(source),
        "-o",
        str(binary),
        f"-I{include}",
        f"-I{include / 'torch/csrc/api/include'}",
        f"-L{lib}",
        f"-Wl,-rpath,{lib}",
        "-ltorch",
        "-ltorch_cpu",
        "-lc10",
    ]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=timeout)
    return binary, time.perf_counter() - start


def parity(side: Mapping[str, object]) -> Observation:
    return observation("cpp_runtime_parity", LABEL, "check", "max abs diff", {"pytorch": side})


@records_load
def run(context: JobContext) -> JobResult:
    import torch

    from evaluators.jobs.torch_models import BATCH, CLASSES, FEATURES, build_model, sample_input

    if shutil.which("g++") is None:
        side = unavailable("no g++ compiler is installed, so the libtorch loader cannot be built")
        return JobResult([parity(side)], f"No C++ program was built: {side['unavailable']}.", {}, "g++ missing")
    context.pin_torch()
    model, x = build_model(context.seed), sample_input(context.seed)
    artifact, input_path, output_path = (context.work_path / name for name in ("model.pt", "input.bin", "output.bin"))
    torch.jit.script(model).save(str(artifact))
    x.tofile(input_path)
    with torch.no_grad():
        expected = model(torch.from_numpy(x)).numpy()
    torch_dir = Path(torch.__file__).parent
    binary, build_s = compile_program(
        torch_dir, context.work_path, torch.compiled_with_cxx11_abi(), context.remaining_s()
    )
    start = time.perf_counter()
    subprocess.run(
        [str(binary), str(artifact), str(input_path), str(output_path), str(BATCH), str(FEATURES)],
        check=True,
        capture_output=True,
        timeout=context.remaining_s(),
    )
    run_s = time.perf_counter() - start
    produced = np.fromfile(output_path, dtype=np.float32).reshape(BATCH, CLASSES)
    max_diff = float(np.abs(produced - expected).max())
    detail = (
        f"g++ built the loader against the wheel's libtorch in {build_s:.0f} s; it ran the TorchScript model "
        f"without Python, max abs diff {max_diff:.1e} (tolerance {TOLERANCE:g})"
    )
    return JobResult(
        observations=[parity(check_side(max_diff <= TOLERANCE, detail))],
        rationale=f"A C++ program loaded the scripted model from the wheel's libtorch and ran it: {detail}.",
        metrics={"max_abs_diff": max_diff, "build_s": build_s, "cpp_run_s": run_s, "torch": torch.__version__},
        key_figure=f"libtorch C++ max diff {max_diff:.1e} (build {build_s:.0f} s)",
        device="cpu",
    )
