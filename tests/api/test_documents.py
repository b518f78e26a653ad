"""Ingesting a document over HTTP: key required, claims extracted, answers use it at once."""

from __future__ import annotations

from tests.api.conftest import api_settings, build_test_runtime, make_client

NOTES = """# JAX notes

## Functional transforms
JAX offers composable function transformations such as grad, jit and vmap for numerical computing.
"""


def test_ingest_adds_a_document_that_answers_use(embedder, tmp_path):
    runtime = build_test_runtime(api_settings(tmp_path / "data", tmp_path / "db.sqlite"), embedder)
    try:
        with make_client(runtime, WEIGHIN_RATE_LIMIT="0") as client:
            body = {"filename": "jax-notes.md", "content": NOTES}
            assert client.post("/v1/documents", json=body).status_code == 401
            created = client.post("/v1/documents", json=body, headers={"X-API-Key": "test-key-1"})
            assert created.status_code == 201, created.text
            assert created.json()["claims"] >= 1 and created.json()["replaced"] is False
            answer = client.post("/v1/ask", json={"question": "Which library offers vmap and jit transformations?"})
            assert any("vmap" in c["quote"] for c in answer.json()["citations"]), answer.json()
            assert any("vmap" in c["text"] for c in client.get("/v1/claims", params={"limit": 200}).json()["items"])

            bad_name = client.post(
                "/v1/documents", json={**body, "filename": "../evil.sh"}, headers={"X-API-Key": "test-key-1"}
            )
            assert bad_name.status_code == 400 and bad_name.json()["errors"][0]["field"] == "filename"
            empty = client.post(
                "/v1/documents",
                json={"filename": "empty.md", "content": "# Title\n"},
                headers={"X-API-Key": "test-key-1"},
            )
            assert empty.status_code == 422 and "no statements" in empty.json()["detail"]
    finally:
        runtime.close()
