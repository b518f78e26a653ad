"""The hypothesis table: links come from capability rules, never from a keyword that merely co-occurs."""

from __future__ import annotations

from pathlib import Path

from knowledge.hypotheses import bundled_table, is_testable, links_for, not_testable_reason

DOCS = Path(__file__).resolve().parents[2] / "docs" / "evidence.md"


def jobs(text: str, topic: str = "deployment") -> set[str]:
    return {link.job_id for link in links_for(text, topic)}


def test_docs_show_the_current_table() -> None:
    page = DOCS.read_text()
    generated = page.split("<!-- generated: python -m knowledge.hypotheses -->\n", 1)[1].split("<!-- end generated")[0]
    assert generated == bundled_table(), "docs/evidence.md is stale: regenerate with python -m knowledge.hypotheses"


def test_a_keyword_alone_links_nothing() -> None:
    # Keyword rules once linked these to TorchScript, ONNX and torch.compile jobs.
    assert not jobs("Deployment Tools — PyTorch: expanding but newer, enterprise tooling for optimization")
    assert not jobs("TensorFlow: Pros — Mature APIs, Keras integration; improved usability in 2.x", "usability")
    assert not is_testable("Integration & Support — TensorFlow: Google Cloud integration, Keras, TFX pipelines", "x")
    assert "maturity" in not_testable_reason("PyTorch: Cons — Deployment tools are newer and less mature", "cons")


def test_capabilities_link_to_the_job_that_measures_them() -> None:
    assert jobs("PyTorch’s Growing Deployment Tools — Deployment Advances: TorchScript for serializing models") == {
        "torchscript-roundtrip"
    }
    assert jobs("TensorFlow: Cons — Larger framework; can be heavy for smaller applications", "cons") == {
        "framework-footprint"
    }
    static = "TensorFlow required defining the computation before execution (static graph), for performance benefits"
    assert jobs(static, "graph") == {"tf-graph-vs-eager"}  # not torch-compile, a PyTorch-only measurement


def test_qualifiers_make_a_link_partial_and_say_what_is_not_measured() -> None:
    (serving, lite, js) = links_for(
        "Deployment Tools — TensorFlow: Serving, Lite, JS, highly mature and enterprise-ready", "x"
    )
    assert {serving.job_id, lite.job_id, js.job_id} == {"tf-serving-artifact", "tflite-export", "tfjs-converter"}
    assert serving.unmeasured == "maturity, enterprise readiness"
    assert links_for("Mobile — TensorFlow Tools Available: TensorFlow Lite", "deployment")[0].unmeasured == ""


def test_ingested_documents_get_links_by_the_same_rules() -> None:
    assert jobs("Our team exports every PyTorch model with TorchScript.", "notes") == {"torchscript-roundtrip"}
    assert jobs("TensorFlow Lite runs our models on mobile phones.", "notes") == {"tflite-export"}
    assert not jobs("PyTorch is the best framework ever made.", "notes")


def test_untestable_topics_never_link() -> None:
    assert not is_testable("PyTorch Rating: 4.5/5 for TorchScript and ONNX", "rating")
