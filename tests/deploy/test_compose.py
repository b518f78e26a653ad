"""What deploy/compose.yaml references exists: Containerfile targets and build args, settings, secrets, ports."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.settings import Settings

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "deploy" / "compose.yaml"
CONTAINERFILE = REPO / "Containerfile"
RAY_VARIABLES = {"RAY_AUTH_MODE", "RAY_AUTH_TOKEN_PATH", "RAY_HEAD"}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def built_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: service for name, service in compose["services"].items() if "build" in service}


def test_every_build_names_a_target_and_args_of_the_containerfile(compose: dict[str, Any]) -> None:
    text = CONTAINERFILE.read_text()
    targets = set(re.findall(r"^FROM \S+ AS (\S+)$", text, re.MULTILINE))
    arguments = set(re.findall(r"^ARG (\w+)", text, re.MULTILINE))
    assert {"server", "worker"} <= targets
    for name, service in built_services(compose).items():
        build = service["build"]
        assert (COMPOSE.parent / build["context"] / build["dockerfile"]).resolve() == CONTAINERFILE, name
        assert build["target"] in targets, name
        assert set(build.get("args", {})) <= arguments, name
    assert {s["build"]["target"] for s in built_services(compose).values()} == {"server", "worker"}


def test_the_server_s_weighin_variables_are_real_settings_with_valid_values(
    compose: dict[str, Any], tmp_path: Path
) -> None:
    environment = compose["services"]["weighin"]["environment"]
    source = (REPO / "assistant" / "settings.py").read_text()
    for variable in environment:
        assert variable.startswith(("WEIGHIN_", "RAY_", "PG")), variable
        if variable.startswith("WEIGHIN_"):
            assert f'"{variable}"' in source, f"{variable} is not read in assistant/settings.py"
    plain = {k: v for k, v in environment.items() if not v.startswith("${")}
    (tmp_path / "token").write_text("t")  # the secret's file, mounted at RAY_AUTH_TOKEN_PATH in the container
    settings = Settings.from_env({**plain, "RAY_AUTH_TOKEN_PATH": str(tmp_path / "token"), "WEIGHIN_DATA_DIR": "/d"})
    ray = settings.evaluation.ray
    assert settings.evaluation.executor == "ray" and ray is not None and ray.auth_token == "t"
    assert ray.address.removeprefix("http://").split(":")[0] in compose["services"]
    assert settings.evaluation.database_url.split("@")[1].split(":")[0] in compose["services"]


def test_ray_nodes_share_memory_keep_the_dashboard_private_and_read_the_token_secret(compose: dict[str, Any]) -> None:
    services = compose["services"]
    ray_nodes = {name: s for name, s in services.items() if name.startswith("ray-")}
    assert set(ray_nodes) == {"ray-head", "ray-worker", "ray-worker-gpu"}
    for name, service in ray_nodes.items():
        assert service["shm_size"], name
        assert "ray_auth_token" in service["secrets"], name
        assert set(service["environment"]) <= RAY_VARIABLES, name
        assert service["environment"]["RAY_AUTH_TOKEN_PATH"] == "/run/secrets/ray_auth_token"
        assert "ports" not in service, f"{name} publishes a port; the dashboard and job API stay private"
    assert "8265" in ray_nodes["ray-head"]["expose"]
    assert services["weighin"]["environment"]["WEIGHIN_RAY_ADDRESS"] == "http://ray-head:8265"


def test_the_gpu_profile_reserves_an_nvidia_device(compose: dict[str, Any]) -> None:
    gpu = compose["services"]["ray-worker-gpu"]
    assert gpu["profiles"] == ["gpu"] and "--num-gpus=1" in gpu["command"]
    [device] = gpu["deploy"]["resources"]["reservations"]["devices"]
    assert device["driver"] == "nvidia" and "gpu" in device["capabilities"]
    assert all("profiles" not in s for n, s in compose["services"].items() if n != "ray-worker-gpu")


def test_every_secret_used_is_declared_as_a_file_under_deploy_secrets(compose: dict[str, Any]) -> None:
    declared = compose["secrets"]
    used = {secret for service in compose["services"].values() for secret in service.get("secrets", [])}
    assert used == set(declared)
    for name, secret in declared.items():
        assert secret["file"] == f"./secrets/{name}"
    ignored = (REPO / ".gitignore").read_text()
    assert "/deploy/secrets/" in ignored.splitlines()


def test_the_worker_image_declares_the_resources_the_executor_asks_for() -> None:
    from evaluators.ray_executor import FRAMEWORK_RESOURCES, SLOT_RESOURCE

    text = CONTAINERFILE.read_text()
    declared = re.search(r"WEIGHIN_NODE_RESOURCES='(\{.*\})'", text)
    assert declared is not None
    resources = yaml.safe_load(declared.group(1))
    assert {SLOT_RESOURCE, *FRAMEWORK_RESOURCES.values()} <= set(resources)
