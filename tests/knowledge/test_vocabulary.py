"""The vocabulary module is the one home of framework names: exact rules, defined once."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from knowledge import frameworks
from tests.conftest import REPO

VOCABULARY_MODULE = REPO / "knowledge" / "frameworks.py"
SOURCE_PACKAGES = ("api", "assistant", "cli", "evaluators", "knowledge", "bench", "migrations")
NAMES = (
    "pytorch",
    "PyTorch's",
    "py-torch",
    "torch",
    "tensorflow",
    "TensorFlow's",
    "tf",
    "keras",
    "jax",
    "mxnet",
    "torchscript",
    "tflite",
    "tfjs",
    "keras tuner",
)
"""Framework and tool names as a question or a claim writes them."""
OTHER_WORDS = ("banana", "deploy", "Paris", "the", "flask", "x")
"""A pattern that matches these as wholly as a name is about words in general (a tokenizer), not names."""
_REGEX_SYNTAX = re.compile(r"\\[bwsdW]|\(\?|[|\[\]*+?]")


def _string_constants(tree: ast.AST) -> list[str]:
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def name_patterns(source: str) -> list[str]:
    """String literals in ``source`` that are regular expressions matching a whole framework or tool name."""
    found = []
    for text in _string_constants(ast.parse(source)):
        if not _REGEX_SYNTAX.search(text) or len(text) > 2000:
            continue
        try:
            pattern = re.compile(text, re.IGNORECASE)
        except re.error:
            continue
        if _matches_whole(pattern, NAMES) and not _matches_whole(pattern, OTHER_WORDS):
            found.append(text)
    return found


def _matches_whole(pattern: re.Pattern[str], words: tuple[str, ...]) -> bool:
    return any((m := pattern.search(word)) is not None and m.span() == (0, len(word)) for word in words)


def source_files() -> list[Path]:
    # Virtual environments are not ours: .venv, and bench/.txtai-venv that `make bench-api` creates.
    return sorted(
        p
        for package in SOURCE_PACKAGES
        for p in (REPO / package).rglob("*.py")
        if not any(part.endswith("venv") for part in p.relative_to(REPO).parts)
    )


def test_no_module_but_the_vocabulary_module_defines_a_framework_name_pattern() -> None:
    offenders = {
        str(path.relative_to(REPO)): patterns
        for path in source_files()
        if path != VOCABULARY_MODULE and (patterns := name_patterns(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_scan_finds_a_framework_name_pattern_where_one_is_defined() -> None:
    assert name_patterns(VOCABULARY_MODULE.read_text(encoding="utf-8"))
    assert name_patterns('FRAMEWORK = re.compile(r"\\b(pytorch|tensorflow)\\b")')
    assert name_patterns('TOOL = r"keras(?: tuner)?"')
    assert not name_patterns('TOPIC = r"\\bdeploy\\w*"')
    assert not name_patterns('ID = "pytorch"')  # an id, not a pattern
    assert not name_patterns('WORD = r"[\\w+#.-]+"')  # a tokenizer matches names and every other word


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Is PyTorch's install smaller than TensorFlow's?", ("pytorch", "tensorflow")),
        ("can tflite run on a phone", ("tensorflow",)),
        ("What does the article say about JAX and MXNet?", ("jax", "mxnet")),
        ("Which framework is easier to debug?", ()),
        ("What batteries does a camping torch need?", ("pytorch",)),
    ],
)
def test_names_are_an_exact_rule(text: str, named: tuple[str, ...]) -> None:
    assert frameworks.mentions(text) == named


def test_masking_removes_the_two_frameworks_names_and_keeps_the_rest() -> None:
    assert frameworks.mask("Is PyTorch's debugger better than TF's?") == "Is debugger better than ?"
    assert frameworks.mask("Does JAX beat torch?") == "Does JAX beat ?"


def test_versions_and_tools() -> None:
    assert frameworks.versions_in("Does TensorFlow 2.x or torch 2.13.0 need v1.4?") == ("2.x", "2.13.0", "v1.4")
    assert frameworks.names_a_tool("Should I learn TorchScript?") and not frameworks.names_a_tool("Should I learn?")
    assert frameworks.named_topics("Keras Tuner beats TensorFlow Lite and TensorFlow Lite") == {
        "automl": 1,
        "deployment": 2,
    }


def test_names_with_their_mode_and_replacing_names() -> None:
    found = [(f, m) for regex, f, m in frameworks.NAMES_WITH_MODE if regex.search("torch.compile beats tf.function")]
    assert found == [("pytorch", "compiled"), ("tensorflow", "compiled"), ("pytorch", ""), ("tensorflow", "")]
    assert (
        frameworks.replace_rival_names("PyTorch's API beats TF", "the framework")
        == "the framework API beats the framework"
    )
