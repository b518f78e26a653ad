"""No response of any endpoint, read with or without a key, shows a configured API key (issue 10, item 1)."""

from __future__ import annotations

import re

from tests.api.conftest import API_KEY

KEYS = (API_KEY, "test-key-2")
AUTOML = "Which framework should I pick for AutoML?"


def leaked(response) -> list[str]:
    shown = response.text + " ".join(f"{name}: {value}" for name, value in response.headers.items())
    return [key for key in KEYS if key in shown]


def written_with_each_key(client) -> dict[str, str]:
    """Feedback, disputes, an answer and a conversation written with each key; the ids to read them by."""
    ids: dict[str, str] = {}
    for key in KEYS:
        auth = {"X-API-Key": key}
        answer = client.post("/v1/ask", json={"question": AUTOML}, headers=auth).json()
        ids["answer_id"] = answer["id"]
        ids["claim_id"] = answer["citations"][0]["claim_id"]
        feedback = client.post(f"/v1/answers/{answer['id']}/feedback", json={"rating": "down"}, headers=auth)
        assert feedback.status_code == 201 and not leaked(feedback)
        dispute = client.post(f"/v1/claims/{ids['claim_id']}/disputes", json={"reason": "wrong"}, headers=auth)
        assert dispute.status_code == 201 and not leaked(dispute)
        ids["conversation_id"] = client.post("/v1/conversations", json={}, headers=auth).json()["id"]
    return ids


def test_no_endpoint_shows_a_key_to_anyone(client):
    ids = written_with_each_key(client)
    ids["evaluation_id"] = client.post("/v1/evaluations", json={}, headers={"X-API-Key": API_KEY}).json()["id"]
    ids["model_id"] = "weighin"  # GET /v1/models/{model_id}
    paths = client.get("/schema/openapi.json").json()["paths"]
    reads = [path for path, operations in paths.items() if "get" in operations and not path.endswith("/events")]
    assert len(reads) >= 12
    checked = 0
    for template in [*reads, "/", "/audit", "/v1/audit?format=md", "/v1/audit?format=csv", "/schema/openapi.yaml"]:
        path = re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], template)
        for headers in ({}, {"X-API-Key": API_KEY}, {"Authorization": "Bearer test-key-2"}):
            response = client.get(path, headers=headers)
            assert response.status_code < 500, (path, response.text[:300])
            assert not leaked(response), f"{path} shows a key"
            checked += 1
    assert checked >= 50


def test_who_wrote_is_a_stable_name_that_is_not_the_key(client, api_runtime):
    from api.security import key_identity

    answer = client.post("/v1/ask", json={"question": AUTOML}).json()
    auth = {"Authorization": f"Bearer {API_KEY}"}
    claim_id = answer["citations"][0]["claim_id"]
    client.post(f"/v1/claims/{claim_id}/disputes", json={"reason": "measured otherwise"}, headers=auth)
    client.post(f"/v1/claims/{claim_id}/disputes", json={"reason": "measured otherwise, again"}, headers=auth)
    users = {d["user"] for d in client.get(f"/v1/claims/{claim_id}/disputes").json() if "otherwise" in d["reason"]}
    assert users == {key_identity(API_KEY)} and re.fullmatch(r"key:[0-9a-f]{12}", key_identity(API_KEY))


def test_keys_stored_by_older_versions_are_replaced_on_start(api_runtime):
    from sqlmodel import Session, select

    from api.security import KeyRing, key_identity
    from assistant.audit import DisputeRow

    with Session(api_runtime.engine) as session:
        session.add(DisputeRow(id="dsp-legacy", claim_id="c-1", reason="r", user=f"key:{API_KEY}", surface="rest",
                               status="open", created_at="2026-01-01T00:00:00Z"))  # fmt: skip
        session.commit()
    assert KeyRing(KEYS).scrub_stored(api_runtime.engine) >= 1
    with Session(api_runtime.engine) as session:
        row = session.exec(select(DisputeRow).where(DisputeRow.id == "dsp-legacy")).one()
        assert row.user == key_identity(API_KEY)
        session.delete(row)
        session.commit()
