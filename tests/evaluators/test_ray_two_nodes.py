"""Two nodes on one host: jobs fan out across them, framework resources and ``node`` decide placement."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from ray_cluster import LocalRayCluster
from test_ray_executor import executor, job

from evaluators.ray_executor import RayJobExecutor
from evaluators.runner import JobRequest

SECOND_NODE_RESOURCES = {"torch": 1, "weighin": 1}  # no TensorFlow, no GPU


@pytest.fixture(scope="module")
def two_nodes(ray_cluster: LocalRayCluster) -> Iterator[dict[str, str]]:
    """Adds a torch-only node to the session's head (it stays until the session stops Ray); names both ids."""
    reason = ray_cluster.add_node(SECOND_NODE_RESOURCES)
    if reason is not None:
        pytest.skip(f"a second Ray node could not start: {reason}")
    ray_cluster.wait_for_nodes(2)
    nodes = RayJobExecutor(address=ray_cluster.address).nodes()
    alive = [n for n in nodes if n["state"] == "ALIVE"]
    head = next(n["node_id"] for n in alive if n["resources_total"].get("tensorflow"))
    second = next(n["node_id"] for n in alive if not n["resources_total"].get("tensorflow"))
    yield {"head": head, "second": second}


def node_of(outcome) -> str:  # type: ignore[no-untyped-def]
    assert outcome.ok, outcome.error
    return str(outcome.worker["node_id"])


def test_jobs_fan_out_across_both_nodes_one_at_a_time_per_node(
    two_nodes: dict[str, str], ray_cluster: LocalRayCluster, protocol_worker_python: str
) -> None:
    requests = [JobRequest(job(f"busy-{index}"), "cpu") for index in range(4)]
    outcomes = executor(ray_cluster, protocol_worker_python).run(requests)
    assert {node_of(outcome) for outcome in outcomes} == {two_nodes["head"], two_nodes["second"]}
    for node in two_nodes.values():
        spans = sorted((o.result["began"], o.result["ended"]) for o in outcomes if node_of(o) == node)  # type: ignore[index]
        assert all(end <= next_start for (_, end), (next_start, _) in itertools.pairwise(spans))


def test_tensorflow_jobs_only_go_to_the_node_that_declares_tensorflow(
    two_nodes: dict[str, str], ray_cluster: LocalRayCluster, protocol_worker_python: str
) -> None:
    requests = [JobRequest(job(f"busy-tf-{index}", ("tensorflow",)), "cpu") for index in range(3)]
    outcomes = executor(ray_cluster, protocol_worker_python).run(requests)
    assert {node_of(outcome) for outcome in outcomes} == {two_nodes["head"]}


def test_node_pins_every_job_to_the_chosen_node(
    two_nodes: dict[str, str], ray_cluster: LocalRayCluster, protocol_worker_python: str
) -> None:
    chosen = two_nodes["second"]
    requests = [JobRequest(job(f"pinned-{index}"), "cpu") for index in range(3)]
    outcomes = executor(ray_cluster, protocol_worker_python, node=chosen[:10]).run(requests)
    assert {node_of(outcome) for outcome in outcomes} == {chosen}


def test_each_request_can_name_its_own_node(
    two_nodes: dict[str, str], ray_cluster: LocalRayCluster, protocol_worker_python: str
) -> None:
    wanted = [two_nodes["second"], two_nodes["head"][:10], two_nodes["second"][:10]]
    requests = [JobRequest(job(f"own-node-{index}"), "cpu", node=node) for index, node in enumerate(wanted)]
    outcomes = executor(ray_cluster, protocol_worker_python, node=two_nodes["head"]).run(requests)
    assert [node_of(outcome) for outcome in outcomes] == [two_nodes["second"], two_nodes["head"], two_nodes["second"]]


def test_a_gpu_run_pinned_to_a_node_without_a_gpu_fails_at_once(
    two_nodes: dict[str, str], ray_cluster: LocalRayCluster, protocol_worker_python: str
) -> None:
    chosen = two_nodes["second"]
    ray = executor(ray_cluster, protocol_worker_python, node=chosen, pending_deadline_s=2)
    [outcome] = ray.run([JobRequest(job("gpu", device="any"), "cuda")])
    assert outcome.error is not None
    needs = "CPU=1, GPU=1, torch=1, weighin=1"
    assert outcome.error.startswith(f"no node can run it: it needs {needs} on node {chosen[:12]} (")
    assert f"{chosen[:12]} has CPU=" in outcome.error  # what the pinned node offers (other nodes may be listed too)


def test_a_real_job_on_each_node_reports_that_node(two_nodes: dict[str, str], ray_cluster: LocalRayCluster) -> None:
    import sys

    from evaluators.catalog import default_registry

    job = default_registry()["torch-dynamic-control-flow"]
    for name, node_id in two_nodes.items():
        ray = RayJobExecutor(address=ray_cluster.address, python=sys.executable, threads=1, node=node_id)
        [outcome] = ray.run([JobRequest(job, "cpu", run_id=f"per-node-{name}-{node_id[:8]}")])
        assert outcome.worker is not None, outcome.error
        assert outcome.worker["node_id"] == node_id and outcome.worker["code_hash"] == job.code_hash
        assert outcome.worker["fingerprint"]["hash"]
