""" "why?" in ``weighin chat``: the last pick explained from its claims and measurements, not repeated."""

from __future__ import annotations

import pytest

from assistant.answer import Answer, Citation
from cli.main import main
from cli.why import explain_pick, is_why_command


def test_why_in_chat_explains_the_last_pick_instead_of_repeating_it(cli_env, capsys, monkeypatch):
    lines = iter(["why?", "Which framework is easier to debug?", "why?", ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    with pytest.raises(SystemExit) as exit_info:
        main(["chat"])
    out = capsys.readouterr().out
    assert int(exit_info.value.code or 0) == 0
    assert "Nothing to explain yet: ask a question first." in out
    answer, explanation = out.split("Why PyTorch for “Which framework is easier to debug?”:")
    first_line = answer.strip().splitlines()[1]  # the answer's lead sentence (after the greeting)
    assert first_line not in explanation  # not the previous answer again
    assert "[1] favours PyTorch: " in explanation and "    measured: " in explanation
    assert "cited claims, " in explanation and "PyTorch" in explanation.split("cited claims, ")[1]


def citation(claim_id: str, favors: str, text: str) -> Citation:
    return Citation(claim_id, text, "Section", text, 0, len(text), 1.0, favors)


def test_explanation_names_each_claims_side_verdict_and_a_contradicting_measurement():
    answer = Answer(
        question="Which framework trains faster?",
        answer="PyTorch. ...",
        recommendation="pytorch",
        confidence=0.8,
        abstained=False,
        citations=[citation("c-1", "pytorch", "PyTorch trains faster."), citation("c-2", "tensorflow", "TF scales.")],
        evidence=[
            {"claim_id": "c-1", "verdict": "contradicted", "key_figure": "TF 1.4x faster"},
            {"claim_id": "c-1", "verdict": "supported", "key_figure": "PyTorch 1.3x faster on GPU"},
        ],
        measured={"findings": [{"text": "TensorFlow's eager step is 1.4x faster on CPU."}], "missing_jobs": ["x-job"]},
    )
    lines = explain_pick(answer)
    assert lines[0] == "Why PyTorch for “Which framework trains faster?”:"
    assert lines[1] == "Of 2 cited claims, 1 favours PyTorch, 1 favours TensorFlow; a measurement contradicts 1."
    assert lines[2] == "[1] favours PyTorch: PyTorch trains faster."
    assert lines[3] == "    measured: Mixed (a measurement contradicts it) (TF 1.4x faster; PyTorch 1.3x faster on GPU)"
    assert lines[5] == "    measured: Not measured yet"
    assert lines[6:] == [
        "Measured here: TensorFlow's eager step is 1.4x faster on CPU.",
        "Not measured here yet: weighin evaluate --job x-job",
    ]


def test_abstained_answers_and_commands():
    answer = Answer("How do I bake bread?", "The article does not cover that.", None, 0.0, True, [])
    assert explain_pick(answer)[0].startswith("No pick for “How do I bake bread?”")
    assert [is_why_command(s) for s in ("why?", " Why ", "/why", "why pytorch?")] == [True, True, True, False]
