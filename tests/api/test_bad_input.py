"""Every bad body, header or value is a 4xx problem before anything parses it; a real bug is one log line
with a request id (issue 10, items 5 and 8)."""

from __future__ import annotations

import json
import logging

import pytest

from api.body_gate import nesting_exceeds
from tests.api.conftest import API_KEY, make_client

PROBLEM = "application/problem+json"
AUTOML = "Which framework should I pick for AutoML?"
DEEP = b"[" * 100_000 + b"]" * 100_000


def test_nesting_depth_ignores_brackets_in_strings():
    assert not nesting_exceeds(b'{"question": "[[[[[[[[[[ {{{{{{{{ \\" [[[["}', 3)
    assert nesting_exceeds(b'{"a": [[[["x"]]]]}', 4) and not nesting_exceeds(b'{"a": [[[["x"]]]]}', 5)


@pytest.mark.parametrize("path", ["/v1/ask", "/v1/chat/completions", "/v1/documents", "/v1/conversations"])
def test_deeply_nested_json_is_400(api_runtime, path):
    with make_client(api_runtime, WEIGHIN_RATE_LIMIT="0", WEIGHIN_MAX_BODY_BYTES="1048576") as client:
        body = b'{"question": ' + DEEP + b"}"
        response = client.post(path, content=body, headers={"Content-Type": "application/json", "X-API-Key": API_KEY})
        assert response.status_code == 400 and response.headers["content-type"].startswith(PROBLEM)
        assert "levels deep" in response.json()["detail"]


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_json_endpoints_refuse_other_media_types(client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/v1/ask", content=json.dumps({"question": AUTOML}).encode(), headers=headers)
    assert response.status_code == 415 and response.headers["content-type"].startswith(PROBLEM)
    assert response.headers["x-content-type-options"] == "nosniff"


def test_json_with_charset_and_vendor_types_is_accepted(client):
    body = json.dumps({"question": AUTOML}).encode()
    for content_type in ("application/json; charset=utf-8", "application/vnd.weighin+json"):
        assert client.post("/v1/ask", content=body, headers={"Content-Type": content_type}).status_code == 200


def test_responses_carry_nosniff(client):
    for response in (client.get("/v1/claims"), client.get("/v1/nothing"), client.post("/v1/ask", json={})):
        assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "since",
    ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "1066-10-14", "not a date", "2026-13-01"],
)
def test_out_of_range_times_are_400(client, since):
    response = client.get("/v1/answers", params={"since": since})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "since"


def test_answers_can_be_paged(client):
    ids = [client.post("/v1/ask", json={"question": f"{AUTOML} ({i})"}).json()["id"] for i in range(3)]
    first = client.get("/v1/answers", params={"limit": 2}).json()
    second = client.get("/v1/answers", params={"limit": 2, "offset": 2}).json()
    assert [a["id"] for a in first] == ids[::-1][:2] and second[0]["id"] == ids[0]


@pytest.mark.parametrize("text", ["Which\x00 framework?", "AutoML\x1b[31m?", "Which\x7f one?"])
def test_control_characters_in_questions_are_422_on_every_surface(client, text):
    conversation = client.post("/v1/conversations", json={}).json()["id"]
    chat = {"model": "weighin", "messages": [{"role": "user", "content": text}]}
    for response in (
        client.post("/v1/ask", json={"question": text}),
        client.post("/v1/chat/completions", json=chat),
        client.post(f"/v1/conversations/{conversation}/messages", json={"content": text}),
    ):
        assert response.status_code == 422 and "control character" in response.text  # problem or OpenAI error
    page = client.get("/", params={"q": text})
    if "\x00" in text:  # refused with the URL, before the page is reached
        assert page.status_code == 400 and "NUL" in page.json()["detail"]
    else:
        assert page.status_code == 422 and "control character" in page.text


def test_tabs_and_newlines_are_fine(client):
    assert client.post("/v1/ask", json={"question": "Which framework\tfor\nAutoML?"}).status_code == 200


def test_documents_are_held_to_their_own_limit(api_runtime):
    auth = {"X-API-Key": API_KEY}
    with make_client(
        api_runtime, WEIGHIN_RATE_LIMIT="0", WEIGHIN_MAX_BODY_BYTES="2048", WEIGHIN_MAX_DOCUMENT_BYTES="4096"
    ) as client:
        too_big = client.post("/v1/documents", json={"filename": "a.md", "content": "# A\n" + "x" * 5000}, headers=auth)
        assert too_big.status_code == 413 and "WEIGHIN_MAX_DOCUMENT_BYTES" in too_big.json()["detail"]
        # larger than the general body limit, within the document limit: it gets past the size checks
        fits = client.post("/v1/documents", json={"filename": "a.exe", "content": "x" * 3000}, headers=auth)
        assert fits.status_code == 400 and "filename" in fits.text
        assert client.post("/v1/ask", json={"question": "x" * 3000}).status_code == 413


def test_a_real_bug_is_one_log_line_with_a_request_id(client, api_runtime, monkeypatch, caplog):
    def broken(*_args, **_kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(api_runtime.audit, "disputes", broken)
    claim_id = client.get("/v1/claims", params={"limit": 1}).json()["items"][0]["id"]
    with caplog.at_level(logging.INFO, logger="weighin.api"):
        response = client.get(f"/v1/claims/{claim_id}/disputes")
    body = response.json()
    assert response.status_code == 500 and body["request_id"] in body["detail"] and "a bug" not in body["detail"]
    [line] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert body["request_id"] in line.getMessage() and "KeyError" in line.getMessage() and line.exc_info is None


@pytest.mark.parametrize(
    "path", ["/v1/answers/%00", "/v1/conversations/a%00b", "/v1/answers?q=%00", "/v1/claims/%00/disputes"]
)
def test_nul_in_a_url_is_400(client, path):
    response = client.get(path)
    assert response.status_code == 400 and "NUL" in response.json()["detail"]


def test_stored_text_fields_refuse_control_characters(client, auth):
    assert client.post("/v1/conversations", json={"title": "a\x00b"}).status_code == 400
    answer = client.post("/v1/ask", json={"question": AUTOML}).json()
    claim_id = answer["citations"][0]["claim_id"]
    feedback = client.post(
        f"/v1/answers/{answer['id']}/feedback", json={"rating": "up", "reason": "\x00"}, headers=auth
    )
    dispute = client.post(f"/v1/claims/{claim_id}/disputes", json={"reason": "bad\x1b"}, headers=auth)
    assert feedback.status_code == 400 and dispute.status_code == 400
