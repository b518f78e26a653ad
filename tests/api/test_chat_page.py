"""The chat page ``GET /`` in headless Chromium (Playwright) against a live ``weighin serve``, plus its no-JS path.

Every browser test also checks, on teardown, that the page requested nothing outside the live server,
that no dialog ever opened and that the Content-Security-Policy blocked nothing of the page's own.
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.conftest import never_loading_client

with contextlib.suppress(ImportError):  # without playwright the browser fixture skips those tests
    from playwright.sync_api import Browser, Locator, Page, expect

ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "test-artifacts"
"""Screenshots the browser tests write (``build/`` is ignored by git)."""
SCREENSHOT = ARTIFACTS / "chat-answered.png"
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


@dataclass
class ChatPage:
    """A page on the live server and what it did: every request URL, dialog and console error."""

    page: Page
    base: str
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def ask(self, question: str) -> Locator:
        """Type ``question``, click Ask and return the newest answer (the last, below the others) once rendered."""
        self.page.get_by_label("Your question").fill(question)
        self.page.get_by_role("button", name="Ask").click()
        answer = self.page.locator("#history > li").last.locator("article.answer")
        expect(answer).to_be_visible()
        return answer

    def ask_capturing(self, question: str) -> tuple[Locator, dict[str, Any]]:
        """Like :meth:`ask`, and also the answer JSON the page received, to compare what it shows with it."""
        with self.page.expect_response(lambda r: r.url.endswith("/messages")) as response:
            answer = self.ask(question)
        return answer, next(m["answer"] for m in response.value.json() if m["role"] == "assistant")


def open_chat(browser: Browser, live_server: str, width: int = 900, height: int = 1100) -> ChatPage:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    chat = ChatPage(page, live_server)
    page.on("request", lambda request: chat.requests.append(request.url))
    page.on("response", lambda response: chat.failed.append(response.url) if response.status == 404 else None)
    page.on("dialog", lambda dialog: (chat.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: chat.console_errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server}/")
    return chat


@pytest.fixture
def chat(browser: Browser, live_server: str) -> Iterator[ChatPage]:
    chat = open_chat(browser, live_server)
    yield chat
    chat.page.context.close()
    check_what_the_page_did(chat, live_server)


def check_what_the_page_did(chat: ChatPage, live_server: str) -> None:
    assert chat.requests, "the page made no request at all"
    assert not chat.failed, f"requests answered 404 (a missing favicon?): {chat.failed}"
    strays = [url for url in chat.requests if not url.startswith(f"{live_server}/")]
    assert not strays, f"the page reached beyond the live server: {strays}"
    assert not chat.dialogs, f"a dialog fired (injected script ran): {chat.dialogs}"
    assert not [e for e in chat.console_errors if "Content Security Policy" in e], chat.console_errors


def test_answer_shows_pick_quotes_and_confidence(chat: ChatPage) -> None:
    answer, body = chat.ask_capturing("Which framework should I pick for AutoML?")
    expect(answer.locator(".pick")).to_contain_text("TensorFlow")
    assert answer.get_attribute("data-recommendation") == "tensorflow"
    points = answer.locator(".citation .point")
    expect(points.first).to_be_visible()
    assert points.count() == len(body["citations"])  # each point once, with its quote where it differs
    assert answer.locator(".answer-text .points > li").count() == len(body["citations"])  # evidence badges are li too
    quotes = answer.locator(".citation .quote blockquote").all_text_contents()
    assert set(quotes) <= {c["quote"] for c in body["citations"]}
    expect(answer.get_by_text("Quoted from the article")).to_have_count(0)
    expect(answer.locator(".citation .source").first).to_contain_text(
        body["citations"][0]["section"].replace(" > ", " › ")
    )
    expect(answer.locator(".confidence-value")).to_have_text(f"{int(body['confidence'] * 100 + 0.5)}%")
    expect(chat.page.get_by_role("alert")).to_be_hidden()
    SCREENSHOT.unlink(missing_ok=True)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    chat.page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 0


def test_out_of_scope_question_abstains_and_history_keeps_both(chat: ChatPage) -> None:
    chat.ask("Which framework is easier to debug?")
    answer = chat.ask("What is the capital of Australia?")
    expect(answer).to_have_class(re.compile(r"\babstained\b"))
    expect(answer.locator(".pick")).to_contain_text("Not covered")
    expect(answer.locator(".answer-text")).to_contain_text("does not cover")
    expect(answer.locator(".citation")).to_have_count(0)
    asked = chat.page.locator("#history .asked")
    expect(asked).to_have_count(2)
    expect(asked.first).to_contain_text("easier to debug")  # top-down: the first question stays on top
    expect(asked.nth(1)).to_contain_text("capital of Australia")


def test_script_and_server_render_an_answer_alike(chat: ChatPage) -> None:
    """chat.js and pages.py each render answers; the same question must read the same either way."""
    question = "Which framework is better for mobile deployment?"
    chat.page.goto(f"{chat.base}/?{httpx.QueryParams(q=question)}")
    served = chat.page.locator("#history article.answer").first
    expect(served).to_be_visible()
    served_text = served.inner_text()
    scripted = chat.ask(question)
    expect(chat.page.locator("#history article.answer")).to_have_count(2)
    assert scripted.inner_text() == served_text


def test_the_page_keeps_a_conversation_so_follow_ups_are_read_in_context(chat: ChatPage) -> None:
    chat.ask("Which framework is easier to debug?")
    answer = chat.ask("what are its downsides?")
    first, follow_up = chat.page.locator("#history article.answer").all()
    expect(chat.page.locator("#history .read-as").first).to_have_text("Read as: What are PyTorch's downsides?")
    assert follow_up.bounding_box()["y"] > first.bounding_box()["y"]  # the follow-up sits below what it follows
    expect(answer.locator(".answer-text p").first).to_contain_text("PyTorch's drawbacks")
    chat.page.get_by_role("button", name="New conversation").click()
    expect(chat.page.locator("#history > li")).to_have_count(0)
    chat.ask("what are its downsides?")
    expect(chat.page.locator("#history .read-as")).to_have_count(0)


def test_empty_and_overlong_questions_show_the_error(chat: ChatPage) -> None:
    alert = chat.page.get_by_role("alert")
    chat.page.get_by_role("button", name="Ask").click()
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("type a question")
    chat.page.get_by_label("Your question").fill("x" * 2001)
    chat.page.get_by_role("button", name="Ask").click()
    expect(alert).to_have_text("Question is 2001 characters; the limit is 2000.")  # plain words, no "content:"
    expect(chat.page.locator("#history > li")).to_have_count(0)


def test_hostile_question_is_shown_as_text(chat: ChatPage) -> None:
    question = f"Is {HOSTILE} faster in PyTorch?"
    chat.ask(question)
    expect(chat.page.locator("#history .asked").first).to_have_text(f"You asked: {question}")
    assert chat.page.locator("#history script, #history img").count() == 0
    chat.page.goto(f"{chat.base}/?{httpx.QueryParams(q=HOSTILE)}")  # the server-rendered path, in a browser
    expect(chat.page.locator("#history .asked")).to_have_text(f"You asked: {HOSTILE}")
    assert chat.page.locator("#history script, #history img").count() == 0


def test_evidence_badges_show_verdict_figure_and_details(chat: ChatPage) -> None:
    """Stored evidence is empty on the live server, so the answer JSON is stubbed (hostile values included)."""
    body = stub_answer_with_evidence()
    user = {"role": "user", "content": body["question"], "created_at": "now", "resolved_question": body["question"]}
    reply = {"role": "assistant", "content": body["answer"], "created_at": "now", "answer": body}
    chat.page.route("**/v1/conversations/*/messages", lambda route: route.fulfill(status=201, json=[user, reply]))
    answer = chat.ask("Which framework should I pick for AutoML?")
    badges = answer.locator(".badge")
    expect(badges).to_have_count(3)
    expect(badges.nth(0)).to_have_class(re.compile(r"\bverdict-supported\b"))
    expect(badges.nth(0)).to_have_text("Supported · 3 trials in 1.2 s")
    expect(badges.nth(1)).to_have_class(re.compile(r"\bverdict-contradicted\b"))
    expect(badges.nth(2)).to_contain_text(HOSTILE)
    badges.nth(0).hover()
    tip = answer.locator(".tip").first
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("Keras Tuner ran")
    expect(tip).to_contain_text("Measured 2026-11-20T10:00:00+00:00 on cpu")
    expect(tip).to_contain_text("Environment: Test CPU, 16 cores")
    expect(answer.locator(".point").nth(1)).to_have_text(HOSTILE)
    verdicts = answer.locator(".citation .claim-verdict")  # each cited claim's verdict, from its evidence
    expect(verdicts.nth(0)).to_have_text("Verdict: Mixed (a measurement contradicts it)")
    expect(verdicts.nth(0)).to_have_class(re.compile(r"\bverdict-mixed\b"))
    expect(verdicts.nth(1)).to_have_text("Verdict: Inconclusive")
    expect(answer.locator(".citation").nth(0)).to_have_class(re.compile(r"\bcontradicted\b"))
    expect(answer.locator(".citation").nth(1)).not_to_have_class(re.compile(r"\bcontradicted\b"))
    assert answer.locator("script, img").count() == 0
    chat.page.screenshot(path=str(SCREENSHOT.with_name("chat-evidence.png")), full_page=True)


def stub_reply(chat: ChatPage, body: dict[str, Any]) -> None:
    """Answer the page's next messages with ``body`` (an answer JSON) instead of the live server's answer."""
    user = {"role": "user", "content": body["question"], "created_at": "now", "resolved_question": body["question"]}
    reply = {"role": "assistant", "content": body["answer"], "created_at": "now", "answer": body}
    chat.page.route("**/v1/conversations/*/messages", lambda route: route.fulfill(status=201, json=[user, reply]))


def stub_answer_with_evidence() -> dict[str, Any]:
    """An answer JSON with evidence of several verdicts; the second claim's quote and figure are hostile."""

    def evidence(claim_id: str, verdict: str, figure: str, rationale: str) -> dict[str, str]:
        return {
            "claim_id": claim_id,
            "record_id": f"ev-{claim_id}-{verdict}",
            "job_id": "automl-keras-tuner",
            "verdict": verdict,
            "key_figure": figure,
            "rationale": rationale,
            "device": "cpu",
            "environment": "Test CPU, 16 cores, no GPU, torch 2.13.0, TF 2.20.0",
            "measured_at": "2026-11-20T10:00:00+00:00",
        }

    section = "In-Depth Analysis: 7 Surprising Wins That Matter > 6. TensorFlow’s AutoML Edge"
    quote = "With TensorFlow AutoML and Keras Tuner, even non-experts can build, optimize, and deploy complex models."
    citations = [
        {"claim_id": "c-1", "text": quote, "section": section, "quote": quote, "start": 0, "end": len(quote)},
        {"claim_id": "c-2", "text": HOSTILE, "section": HOSTILE, "quote": HOSTILE, "start": 0, "end": len(HOSTILE)},
    ]
    return {
        "id": "ans-stubbed0000001",
        "question": "Which framework should I pick for AutoML?",
        "answer": f"TensorFlow. The article credits TensorFlow here:\n- {quote} [1]\n- {HOSTILE} [2]",
        "recommendation": "tensorflow",
        "confidence": 0.915,
        "abstained": False,
        "citations": [{**c, "score": 1.0, "favors": "tensorflow"} for c in citations],
        "evidence": [
            evidence("c-1", "supported", "3 trials in 1.2 s", "Keras Tuner ran a 3-trial search without setup code."),
            evidence("c-1", "contradicted", "export failed", "The tuned model did not export to SavedModel."),
            evidence("c-2", "inconclusive", HOSTILE, HOSTILE),
        ],
        "pending_evaluations": [],
    }


def test_page_without_js_renders_the_answer_escaped(live_server: str) -> None:
    question = "Which framework is easier to debug?"
    page = httpx.get(f"{live_server}/", params={"q": question}, timeout=30)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    api = httpx.post(f"{live_server}/v1/ask", json={"question": question}, timeout=30).json()
    assert api["recommendation"] == "pytorch"
    assert re.search(r'<span class="pick pick-pytorch">.*?PyTorch</span>', page.text)
    points = [re.sub(r"\s*\[\d+\]$", "", line.removeprefix("- ")) for line in api["answer"].split("\n") if line]
    for point in points:
        assert html.escape(point) in page.text
    for citation, point in zip(api["citations"], points[1:], strict=True):  # each point once, with its quote
        words = " ".join(citation["quote"].lower().split()).rstrip(".")
        shown = html.escape(citation["quote"]) in page.text
        assert shown or words == " ".join(point.lower().split()).rstrip(".")
    assert "Quoted from the article" not in page.text
    assert "script-src 'sha256-" in page.headers["content-security-policy"]


def test_page_without_js_escapes_the_question_and_shows_errors(live_server: str) -> None:
    hostile = httpx.get(f"{live_server}/", params={"q": HOSTILE}, timeout=30)
    assert hostile.status_code == 200
    assert html.escape(HOSTILE) in hostile.text and HOSTILE not in hostile.text
    empty = httpx.get(f"{live_server}/", params={"q": "   "}, timeout=30)
    assert empty.status_code == 422
    assert re.search(r'<div id="alert" class="alert" role="alert">Question is empty.</div>', empty.text)


def test_page_without_js_is_rate_limited_like_the_api(api_runtime) -> None:
    from tests.api.conftest import make_client

    with make_client(api_runtime, WEIGHIN_RATE_LIMIT="1", WEIGHIN_RATE_BURST="1") as client:
        assert client.get("/", params={"q": "Which framework is easier to debug?"}).status_code == 200
        limited = client.get("/", params={"q": "Which framework is easier to debug?"})
        assert limited.status_code == 429 and limited.headers["retry-after"]
        assert "Too many requests" in limited.text and 'class="exchange"' not in limited.text
        assert client.get("/").status_code == 200  # the bare page spends nothing and is never limited


def test_page_without_js_needs_a_key_when_reads_are_closed(api_runtime) -> None:
    from tests.api.conftest import make_client

    with make_client(api_runtime, WEIGHIN_API_OPEN_READS="false", WEIGHIN_RATE_LIMIT="0") as client:
        closed = client.get("/", params={"q": "Which framework is easier to debug?"})
        assert closed.status_code == 401 and "needs an API key" in closed.text
        assert 'class="exchange"' not in closed.text
        assert client.get("/").status_code == 200


def test_page_renders_while_the_runtime_loads(tmp_path: Path) -> None:
    """No ``q``: the page must not touch the runtime; with one, the 503 problem's detail is the alert."""
    with never_loading_client(tmp_path) as client:
        page = client.get("/")
        assert page.status_code == 200 and 'id="ask-form"' in page.text
        answered = client.get("/", params={"q": "Which framework is easier to debug?"})
        assert answered.status_code == 503 and "still loading" in answered.text
        assert 'value="Which framework is easier to debug?"' in answered.text


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)])
def test_the_page_fits_a_phone_and_a_desktop(browser: Browser, live_server: str, width: int, height: int) -> None:
    """The question box keeps most of a phone's width (the buttons wrap below it), nothing scrolls sideways."""
    chat = open_chat(browser, live_server, width, height)
    try:
        box = chat.page.get_by_label("Your question").bounding_box()
        assert box is not None
        if width < 600:
            assert box["width"] >= 0.6 * width, f"the question box is {box['width']:.0f} px of {width}"
        else:
            assert box["width"] >= 400
        chat.ask("Which framework should I pick for AutoML?")
        chat.ask("and for mobile?")
        overflow = chat.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls {overflow} px sideways at {width} px"
        ask_button = chat.page.get_by_role("button", name="Ask").bounding_box()
        assert ask_button is not None and ask_button["x"] + ask_button["width"] <= width
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"chat-{width}.png"
        chat.page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 0
    finally:
        chat.page.context.close()
    check_what_the_page_did(chat, live_server)


def test_a_quote_shows_once_and_only_when_asked_for(chat: ChatPage) -> None:
    answer, body = chat.ask_capturing("Which framework is easier to debug?")
    folded = answer.locator(".citation details.quote")
    assert folded.count() >= 1
    first = folded.first
    expect(first.locator("blockquote")).to_be_hidden()  # collapsed by default
    first.locator("summary").click()
    expect(first.locator("blockquote")).to_be_visible()
    quote = first.locator("blockquote").text_content() or ""
    assert answer.inner_text().count(quote.strip()[:60]) == 1  # the point does not say it again
    assert len(body["citations"]) == answer.locator(".citation").count()


def test_no_pill_when_the_answer_recommends_nothing(chat: ChatPage) -> None:
    body = stub_answer_with_evidence()
    body.update(id="ans-drawbacks000001", recommendation=None, answer=body["answer"].replace("TensorFlow. ", "", 1))
    stub_reply(chat, body)
    answer = chat.ask("What are TensorFlow's drawbacks?")
    expect(answer.locator(".answer-text")).to_be_visible()
    expect(answer.locator(".pick")).to_have_count(0)


def test_the_favicon_is_served_and_linked(chat: ChatPage) -> None:
    icon = chat.page.locator('link[rel="icon"]')
    assert icon.get_attribute("href") == "/favicon.svg"
    for path in ("/favicon.svg", "/favicon.ico"):
        response = httpx.get(f"{chat.base}{path}", timeout=10)
        assert response.status_code == 200 and response.headers["content-type"].startswith("image/svg+xml")
        assert response.text.startswith("<svg")


def test_server_rendered_answers_show_each_claims_verdict_and_fold_quotes() -> None:
    from api.routes.pages import answer_html

    body = stub_answer_with_evidence()
    rendered = answer_html(body)
    assert rendered.count('class="claim-verdict verdict-mixed"') == 1
    assert "Mixed (a measurement contradicts it)" in rendered and 'class="citation contradicted"' in rendered
    assert '<span class="claim-verdict verdict-inconclusive">' in rendered
    body.update(recommendation=None)
    assert 'class="pick' not in answer_html(body)
    quoted = {**body, "answer": body["answer"].replace("With TensorFlow AutoML", "Using TensorFlow AutoML")}
    assert '<details class="quote"><summary>Quote</summary><blockquote>With TensorFlow AutoML' in answer_html(quoted)
