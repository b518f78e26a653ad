from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from cli.main import main


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


def test_ask_json(cli_env, capsys):
    code, out, _ = run(["ask", "--json", "Which framework is easier to debug?"], capsys)
    answer = json.loads(out)
    assert code == 0 and answer["recommendation"] == "pytorch" and answer["citations"]


def test_ask_reads_questions_from_stdin(cli_env, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("Who created PyTorch?\n\nHow do I bake bread?\n"))
    code, out, _ = run(["ask", "--json", "-"], capsys)
    answers = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [a["abstained"] for a in answers] == [False, True]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ask", "   "], "question is empty"),
        (["ask", "x" * 2001], "limit is 2000"),
        (["ask"], "Missing argument"),
        (["ask", "q", "-k", "0"], "k must be between"),
        (["ingest", "/definitely/not/here.md"], "no such file"),
        (["ingest", "/etc/hostname"], "unsupported file type"),
        (["claims", "--topic", "cooking"], "'cooking' is not one of automl"),
        (["score", "/definitely/not/here.jsonl"], "cannot read question set"),
        (["nonsense"], "No such command"),
    ],
)
def test_bad_input_exits_2_with_one_line(cli_env, capsys, argv, message):
    code, _, err = run(argv, capsys)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err


def test_claims_filters_and_json(cli_env, capsys):
    code, out, _ = run(["claims", "--topic", "automl", "--framework", "tensorflow", "--json"], capsys)
    claims = json.loads(out)
    assert code == 0 and claims and all(c["topic"] == "automl" for c in claims)
    assert any("Keras Tuner" in c["text"] for c in claims)


def test_eval_command_prints_the_three_scores(cli_env, capsys, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        json.dumps(
            {
                "id": "a",
                "question": "Who developed TensorFlow?",
                "expect": {"abstain": False, "recommendation": "tensorflow", "must_mention": ["Google"]},
            }
        )
        + "\n"
    )
    code, out, _ = run(["score", str(questions), "--json"], capsys)
    report = json.loads(out)
    assert code == 0 and report["recommendation_accuracy"] == 1.0 and report["mention_recall"] == 1.0


def test_serving_path_never_imports_tensorflow(session_data_dir):
    """A real process: answer a question, then prove TensorFlow was never loaded."""
    script = (
        "import sys; from cli.main import main\n"
        "try:\n    main(['ask', '--json', 'Which framework is better for AutoML?'])\n"
        "except SystemExit as e:\n    assert e.code in (0, None), e.code\n"
        "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules, 'TensorFlow was imported'\n"
        "print('no-tf', file=sys.stderr)\n"
    )
    env = {**os.environ, "WEIGHIN_DATA_DIR": str(session_data_dir)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "no-tf" in result.stderr and json.loads(result.stdout)["recommendation"] == "tensorflow"


def test_chat_reads_follow_ups_in_context_and_keeps_a_history(cli_env, capsys, monkeypatch):
    lines = iter(["Which framework is easier to debug?", "what are its downsides?", ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    with pytest.raises(SystemExit) as exit_info:
        main(["chat"])
    out = capsys.readouterr().out
    assert int(exit_info.value.code or 0) == 0
    assert "read as: What are PyTorch's downsides?" in out
    assert "PyTorch's drawbacks" in out


def test_version_and_plain_help_with_examples(cli_env, capsys):
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and out.startswith("weighin ")
    for command in ("ask", "chat", "claims", "score", "evaluate", "jobs", "evidence", "serve"):
        code, out, _ = run([command, "--help"], capsys)
        assert code == 0 and "Example: weighin " in out, command
        assert "<bool>" not in out and "<list[str]>" not in out, command


def test_the_old_eval_command_is_gone_and_score_scores(cli_env, capsys, tmp_path):
    questions = tmp_path / "q.jsonl"
    record = {"id": "a", "question": "Who developed TensorFlow?", "expect": {"abstain": False, "must_mention": []}}
    questions.write_text(json.dumps(record) + "\n")
    code, out, _ = run(["score", str(questions), "--json"], capsys)
    assert code == 0 and json.loads(out)["total"] == 1
    code, _, _ = run(["eval", str(questions), "--json"], capsys)
    assert code == 2


def test_counts_are_pluralised():
    from cli.main import plural

    assert [plural(1, "claim"), plural(0, "claim"), plural(2, "record")] == ["1 claim", "0 claims", "2 records"]
