"""The small PyTorch model the deployment jobs export, and its fixed input.

Kept in its own module so the export jobs share one definition, while the "fresh process" loaders
(:mod:`evaluators.jobs.torchscript`, C++ and ONNX Runtime) never import it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

FEATURES, HIDDEN, CLASSES, BATCH = 16, 32, 4, 8


def sample_input(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((BATCH, FEATURES), dtype=np.float32)


def build_model(seed: int, with_branch: bool = True) -> Any:
    """A tiny MLP; ``with_branch`` adds a data-dependent branch so scripting has control flow to keep.

    torch.export (behind the default ONNX exporter) rejects data-dependent Python branches, so the
    ONNX job builds the model without it.
    """
    import torch

    class SmallNet(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.with_branch = with_branch
            self.hidden = torch.nn.Linear(FEATURES, HIDDEN)
            self.out = torch.nn.Linear(HIDDEN, CLASSES)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            h = torch.relu(self.hidden(x))
            if self.with_branch and bool(h.mean() > 10.0):
                h = h / 10.0
            return self.out(h)

    torch.manual_seed(seed)
    return SmallNet().eval()
