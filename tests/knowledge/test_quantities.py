from __future__ import annotations

import pytest

from knowledge.quantities import rate_figure


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("PyTorch 2.5: 1,420; ", 1420.0),
        ("PyTorch 2.5: 1420 requests", 1420.0),
        ("PyTorch 2.5 handles 1,420.", 1420.0),
        ("PyTorch 2.5 handles 88.5 while", 88.5),
        ("TensorFlow 2.19 handles none", None),
    ],
)
def test_a_rate_s_figure_is_one_number_with_or_without_thousands_separators(text: str, figure: float | None) -> None:
    assert rate_figure(text) == figure
