"""WEIGHIN_EXECUTOR and the Ray settings: defaults, what is required, Ray's token variables, --node."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import ConfigurationError
from assistant.settings import Settings
from tests.cli.test_cli import run


def settings(tmp_path: Path, **env: str) -> Settings:
    return Settings.from_env({"WEIGHIN_DATA_DIR": str(tmp_path), **env})


def test_the_local_executor_is_the_default_and_needs_no_cluster(tmp_path: Path) -> None:
    evaluation = settings(tmp_path, WEIGHIN_RAY_ADDRESS="http://ignored:8265").evaluation
    assert (evaluation.executor, evaluation.ray) == ("local", None)


def test_ray_reads_the_address_interpreter_deadline_and_token(tmp_path: Path) -> None:
    ray = settings(
        tmp_path,
        WEIGHIN_EXECUTOR="ray",
        WEIGHIN_RAY_ADDRESS="http://head:8265/",
        WEIGHIN_RAY_PYTHON="/opt/venv/bin/python",
        WEIGHIN_RAY_PENDING_DEADLINE="5",
        RAY_AUTH_TOKEN="secret\n",
    ).evaluation.ray
    assert ray is not None
    assert (ray.address, ray.python, ray.pending_deadline_s, ray.auth_token) == (
        "http://head:8265",
        "/opt/venv/bin/python",
        5,
        "secret",
    )
    assert "secret" not in repr(ray)


def test_the_token_may_come_from_ray_s_token_file(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("from-file\n")
    env = {"WEIGHIN_EXECUTOR": "ray", "WEIGHIN_RAY_ADDRESS": "http://head:8265", "RAY_AUTH_TOKEN_PATH": str(token_file)}
    ray = settings(tmp_path, **env).evaluation.ray
    assert ray is not None and ray.auth_token == "from-file"
    with pytest.raises(ConfigurationError, match=r"RAY_AUTH_TOKEN_PATH names .* cannot be read"):
        settings(tmp_path, **{**env, "RAY_AUTH_TOKEN_PATH": str(tmp_path / "missing")})


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"WEIGHIN_EXECUTOR": "dask"}, "WEIGHIN_EXECUTOR must be one of local, ray"),
        ({"WEIGHIN_EXECUTOR": "ray"}, "WEIGHIN_EXECUTOR=ray needs WEIGHIN_RAY_ADDRESS"),
        ({"WEIGHIN_EXECUTOR": "ray", "WEIGHIN_RAY_ADDRESS": "head:6380"}, "job API URL"),
    ],
)
def test_bad_executor_settings_are_configuration_errors(tmp_path: Path, env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        settings(tmp_path, **env)


def test_node_without_the_ray_executor_exits_2_with_one_line(
    session_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WEIGHIN_DATA_DIR", str(session_data_dir))
    monkeypatch.delenv("WEIGHIN_EXECUTOR", raising=False)
    code, _, err = run(["evaluate", "--job", "numpy-interop", "--node", "gpu-box"], capsys)
    assert code == 2 and err.count("\n") == 1 and "--node needs the Ray executor" in err
