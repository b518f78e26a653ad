"""``weighin claims`` and ``weighin evidence``: one line per item at 80 columns and when piped, details under
``--claim``, and unknown filter values refused with a pointer to the subcommand's help."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from cli.listing import Row, print_rows
from evaluators.verdicts import LABELS
from tests.cli.test_cli import run


@pytest.fixture
def terminal_80(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """The CLI's console as an 80-column terminal, its output captured."""
    screen = io.StringIO()
    console = Console(file=screen, width=80, force_terminal=True, color_system=None, highlight=False)
    for module in ("cli.claims", "cli.main"):
        monkeypatch.setattr(f"{module}.out", console)
    return screen


@pytest.fixture
def measured_env(session_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list:
    """The session's article and index, and a database of its own holding real-shaped evidence records."""
    from assistant.settings import Settings
    from assistant.wiring import build_evaluation_service
    from tests.api.audit_evidence_data import measured_records

    monkeypatch.setenv("WEIGHIN_DATA_DIR", str(session_data_dir))
    monkeypatch.setenv("WEIGHIN_DATABASE_URL", f"sqlite:///{tmp_path / 'evidence.db'}")
    service = build_evaluation_service(Settings.from_env())
    return [service.store.append(record) for record in measured_records(service.registry, service.claims)]


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["claims", "--framework", "cobol"], "weighin claims --help"),
        (["claims", "--topic", "cooking"], "weighin claims --help"),
        (["claims", "--verdict", "true"], "weighin claims --help"),
        (["claims", "--frame", "pytorch"], "weighin claims --help"),
        (["evidence", "--bogus"], "weighin evidence --help"),
        (["evaluate", "--all", "--device", "tpu"], "weighin evaluate --help"),
        (["audit", "report", "--format", "pdf"], "weighin audit report --help"),
        (["nonsense"], "weighin --help"),
    ],
)
def test_unknown_values_and_options_are_errors_pointing_to_the_subcommands_help(cli_env, capsys, argv, hint):
    code, out, err = run(argv, capsys)
    assert code == 2 and not out
    assert err.count("\n") == 1 and err.startswith("error: ") and err.rstrip().endswith(f"(see {hint})")


def test_framework_filter_errors_name_the_choices(cli_env, capsys):
    _, _, err = run(["claims", "--framework", "cobol"], capsys)
    assert "'cobol' is not one of pytorch, tensorflow, both, neither" in err


def test_claims_piped_are_one_tab_separated_line_each_with_the_verdict(cli_env, capsys):
    code, out, _ = run(["claims", "--topic", "automl"], capsys)
    _, as_json, _ = run(["claims", "--topic", "automl", "--json"], capsys)
    expected = json.loads(as_json)
    lines = out.splitlines()
    assert code == 0 and len(lines) == len(expected) > 0
    for line, claim in zip(lines, expected, strict=True):
        claim_id, verdict, topic, text = line.split("\t")
        assert (claim_id, topic, text) == (claim["id"], "automl", claim["text"])  # whole text, never cut
        assert verdict == LABELS[claim["verdict"]]


def test_claims_fit_80_columns_in_a_terminal(cli_env, capsys, terminal_80):
    code, _, _ = run(["claims"], capsys)
    lines = terminal_80.getvalue().splitlines()
    assert code == 0 and len(lines) > 20
    assert max(len(line) for line in lines) <= 80
    assert lines[-1].endswith("claims; details: weighin claims --claim ID")
    verdicts = set(LABELS.values())
    assert all(any(f"  {v} " in line for v in verdicts) for line in lines[:-1])  # each claim's line has its verdict


def test_claims_detail_shows_the_quote_and_the_jobs(cli_env, capsys):
    _, listed, _ = run(["claims", "--topic", "automl", "--json"], capsys)
    claim = json.loads(listed)[0]
    code, out, _ = run(["claims", "--claim", claim["id"]], capsys)
    assert code == 0 and out.splitlines()[0].startswith(claim["id"])
    assert f"chars {claim['start']}-{claim['end']}" in out and "jobs: " in out
    code, _, err = run(["claims", "--claim", "c-000000000000"], capsys)
    assert code == 2 and err.startswith("error: ") and "c-000000000000" in err


def test_evidence_log_is_one_line_per_record_at_80_columns(measured_env, capsys, terminal_80):
    code, _, _ = run(["evidence"], capsys)
    lines = terminal_80.getvalue().splitlines()
    assert code == 0 and max(len(line) for line in lines) <= 80
    assert len(lines) == len(measured_env) + 2  # title, one line per record, the pointer to details
    for record, line in zip(measured_env, lines[1:-1], strict=True):
        assert line.startswith(record.job_id) and LABELS[record.verdict] in line


def test_evidence_piped_keeps_each_key_figure_whole(measured_env, capsys):
    code, out, _ = run(["evidence"], capsys)
    rows = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and len(rows) == len(measured_env)
    assert [(r[0], r[-1]) for r in rows] == [(rec.job_id, rec.key_figure) for rec in measured_env]


def test_evidence_for_a_claim_lists_each_jobs_verdict_prediction_and_measurement(measured_env, capsys):
    linked = next(r for r in measured_env if r.links and r.verdict not in ("error", "measured"))
    claim_id = str(linked.links[0]["claim_id"])
    code, out, _ = run(["evidence", "--claim", claim_id], capsys)
    assert code == 0 and out.startswith(f"Current evidence for {claim_id}")
    assert "predicts " in out and "measured " in out


def test_rows_cut_only_the_free_text_and_only_in_a_terminal():
    rows = [Row(("c-1", "Supported"), "word " * 40, "supported"), Row(("c-22", "Mixed"), "short", "mixed")]
    screen = io.StringIO()
    print_rows(Console(file=screen, width=40, force_terminal=True, color_system=None), rows)
    first, second = screen.getvalue().splitlines()
    assert len(first) == 40 and first.endswith("…") and first.startswith("c-1   Supported  word")
    assert second == "c-22  Mixed      short"
    piped = io.StringIO()
    print_rows(Console(file=piped, width=40), rows)
    assert piped.getvalue().splitlines()[0] == "c-1\tSupported\t" + " ".join(["word"] * 40)
