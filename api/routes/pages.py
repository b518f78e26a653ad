"""The chat page, ``GET /``: a question box, each answer with its quotes and evidence badges, a running history.

It works without JavaScript: the form GETs ``/?q=...`` and the answer is rendered here, every value passed
through :func:`html.escape` (quotes come from documents anyone may ingest). With JavaScript, ``chat.js``
posts to ``/v1/ask`` instead and builds the same markup in the browser with ``textContent`` only.

The stylesheet and script are package data inlined into the HTML, so the page loads nothing from
anywhere; its Content-Security-Policy allows exactly those two inline blocks (by hash) and requests to
this origin, so an injected ``<script>`` would not run even if escaping ever slipped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import Any

from litestar import MediaType, Request, Response, get
from litestar.datastructures import State
from litestar.params import FromQuery

from api.cited_verdicts import CONTRADICTED_NOTE, cited_verdict, contradicted_by_measurement, verdict_words
from api.context import context
from api.pages.favicon import FAVICON_SVG
from api.pages.shell import SLOT, inline_page
from api.problems import problem_for
from evaluators.verdicts import LABELS

FRAMEWORKS = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "both": "Both"}
VERDICTS = LABELS
"""Verdict words come from the one vocabulary; the page's script reads them from :data:`LABELS_ISLAND`."""
LABELS_ISLAND = "weighin-verdict-labels"
WORDS_ISLAND = "weighin-page-words"
PAGE_WORDS = {"contradicted_note": CONTRADICTED_NOTE}
"""Wording the script shares with this module, served like the labels rather than copied into chat.js."""


@dataclass(frozen=True, slots=True)
class ChatShell:
    """The page with its assets inlined, split around the per-request slots (alternating text, slot name)."""

    parts: tuple[str, ...]
    headers: dict[str, str]

    def render(self, question: str = "", alert: str = "", history_html: str = "") -> str:
        """``question`` and ``alert`` are plain text (escaped here); ``history_html`` is already escaped markup."""
        slots = {
            "question": escape(question),
            "alert": escape(alert),
            "alert_hidden": "" if alert else " hidden",
            "history": history_html,
        }
        return "".join(slots.get(part, "") if i % 2 else part for i, part in enumerate(self.parts))


@cache
def chat_shell() -> ChatShell:
    """Read once per process: the assets ship with the package and do not change while it runs."""
    html, headers = inline_page("chat", connect_self=True)
    return ChatShell(tuple(SLOT.split(with_labels(html))), headers)


def json_island(island_id: str, value: object) -> str:
    """A JSON data block: never executed, so the page's CSP needs no new hash."""
    data = json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
    return f'<script type="application/json" id="{island_id}">{data}</script>'


def labels_island() -> str:
    return json_island(LABELS_ISLAND, LABELS)


def with_labels(html: str) -> str:
    """The page with the labels and shared wording just before ``</head>``, so its script copies neither."""
    islands = labels_island() + json_island(WORDS_ISLAND, PAGE_WORDS)
    return html.replace("</head>", islands + "</head>", 1)


def percent(value: float) -> str:
    """Rounded half up, as ``Math.round`` does in chat.js, so both paths print the same figure."""
    return f"{int(float(value) * 100 + 0.5)}%"


def _hidden(text: str) -> str:
    return f'<span class="visually-hidden">{escape(text)}</span>'


def _pick_html(answer: dict[str, Any]) -> str:
    """The recommendation pill; none when the answer recommends nothing (drawbacks, who, "it depends")."""
    recommendation = answer.get("recommendation")
    if answer["abstained"]:
        kind, label = "abstained", "Not covered"
    elif recommendation:
        kind = recommendation if recommendation in FRAMEWORKS else "none"
        label = FRAMEWORKS.get(recommendation, recommendation)
    else:
        return ""
    prefix = _hidden("Abstained: " if answer["abstained"] else "Recommendation: ")
    return f'<span class="pick pick-{kind}">{prefix}{escape(label)}</span>'


def _confidence_html(value: float) -> str:
    shown = escape(percent(value))
    scale = 'min="0" max="1" low="0.5" high="0.8" optimum="1"'
    meter = f'<meter {scale} value="{float(value)}" aria-hidden="true">{shown}</meter>'
    return f'<span class="confidence">Confidence{meter}<span class="confidence-value">{shown}</span></span>'


_MARKER = re.compile(r"\s*\[(\d+)\]\s*$")


def _same_words(point: str, quote: str) -> bool:
    """A point that restates its quote word for word shows once; the quote is shown when it differs."""

    def norm(text: str) -> str:
        return " ".join(text.lower().split()).rstrip(".")

    return norm(point) == norm(quote)


def _answer_text_html(
    text: str, citations: list[dict[str, Any]], evidence: list[dict[str, Any]], answer_id: str
) -> str:
    """The lead sentence as a paragraph; each ``- point [n]`` line as one item with its quote, source and
    evidence (each point shown once); a bullet without a citation as a plain list item."""
    out: list[str] = ['<div class="answer-text">']
    open_list = ""
    for line in text.split("\n"):
        if not line.strip():
            continue
        marker = _MARKER.search(line) if line.startswith("- ") else None
        number = int(marker.group(1)) if marker else 0
        kind = "ol" if 0 < number <= len(citations) else "ul" if line.startswith("- ") else ""
        if kind != open_list:
            out.append((f"</{open_list}>" if open_list else "") + (f'<{kind} class="points">' if kind else ""))
            open_list = kind
        if kind == "ol":
            citation = citations[number - 1]
            own = [e for e in evidence if e["claim_id"] == citation["claim_id"]]
            out.append(_citation_html(line[2 : marker.start()], citation, own, f"{answer_id}-c{number}"))  # type: ignore[union-attr]
        elif kind == "ul":
            out.append(f"<li>{escape(line[2:])}</li>")
        else:
            out.append(f"<p>{escape(line)}</p>")
    out.append((f"</{open_list}>" if open_list else "") + "</div>")
    return "".join(out)


def _evidence_html(items: list[dict[str, Any]], id_prefix: str) -> str:
    badges = []
    for i, item in enumerate(items):
        verdict = str(item.get("verdict") or "")
        label = VERDICTS.get(verdict, verdict or "Unknown")
        text = f"{label} · {item['key_figure']}" if item.get("key_figure") else label
        measured = f"Measured {item['measured_at']}" if item.get("measured_at") else ""
        if measured and item.get("device"):
            measured += f" on {item['device']}"
        lines = [
            str(item.get("rationale") or ""),
            measured,
            f"Environment: {item['environment']}" if item.get("environment") else "",
            f"Job: {item['job_id']}" if item.get("job_id") else "",
        ]
        tip_id = escape(f"{id_prefix}-e{i}")
        css = f"verdict-{verdict if verdict in VERDICTS else 'unknown'}"
        badges.append(
            f'<li><span class="badge {css}" tabindex="0" aria-describedby="{tip_id}">{escape(text)}</span>'
            f'<span class="tip" id="{tip_id}" role="tooltip">{escape(chr(10).join(x for x in lines if x))}</span></li>'
        )
    return f'<ul class="evidence" aria-label="Measured evidence">{"".join(badges)}</ul>'


def section_path(section: str) -> str:
    """Sections arrive as ``Part > Subpart``; a guillemet reads as a breadcrumb (chat.js does the same)."""
    return " › ".join(str(section).split(" > "))


def _citation_html(point: str, citation: dict[str, Any], evidence: list[dict[str, Any]], item_id: str) -> str:
    """The point, its claim's verdict and source on one line, the quote folded away (shown once, on demand)
    unless the point already says it word for word, then the measurements' badges."""
    claim_id = str(citation["claim_id"])
    verdict = cited_verdict(claim_id, evidence)
    tag = f'<span class="claim-verdict verdict-{escape(verdict if verdict in VERDICTS else "unknown")}">'
    source = f"{tag}{_hidden('Verdict: ')}{escape(verdict_words(claim_id, evidence))}</span>"
    if citation.get("section"):
        source += " · " + _hidden("Section: ") + escape(f"§ {section_path(citation['section'])}")
    favors = FRAMEWORKS.get(str(citation.get("favors")))
    if favors:
        source += escape(f" · favours {favors}")
    quote = ""
    if not _same_words(point, citation["quote"]):
        quote = (
            '<details class="quote"><summary>Quote</summary>'
            f"<blockquote>{escape(citation['quote'])}</blockquote></details>"
        )
    badges = _evidence_html(evidence, item_id) if evidence else ""
    contradicted = " contradicted" if contradicted_by_measurement(claim_id, evidence) else ""
    return (
        f'<li class="citation{contradicted}" id="{escape(item_id)}"><p class="point">{escape(point)}</p>'
        f'<p class="source">{source}</p>{quote}{badges}</li>'
    )


def _other_evidence_html(answer: dict[str, Any]) -> str:
    evidence: list[dict[str, Any]] = answer.get("evidence") or []
    cited = [c["claim_id"] for c in answer["citations"]]
    out = []
    other = [e for e in evidence if e["claim_id"] not in cited]
    if other:
        out += ["<h3>Other measured evidence</h3>", _evidence_html(other, f"{answer['id']}-x")]
    if not evidence:
        out.append('<p class="no-evidence">No measurements yet for these claims.</p>')
    return "".join(out)


def answer_html(answer: dict[str, Any]) -> str:
    """One answer (``Answer.to_dict()`` shape) as the markup chat.js builds for the same JSON."""
    classes = "answer abstained" if answer["abstained"] else "answer"
    parts = [
        f'<article class="{classes}" id="{escape(answer["id"])}" '
        f'data-recommendation="{escape(answer.get("recommendation") or "")}">',
        f'<header class="answer-head">{_pick_html(answer)}{_confidence_html(answer["confidence"])}</header>',
        _answer_text_html(answer["answer"], answer["citations"], answer.get("evidence") or [], answer["id"]),
    ]
    if not answer["abstained"] and answer["citations"]:
        parts.append(_other_evidence_html(answer))
    parts.append("</article>")
    return "".join(parts)


def exchange_html(question: str, answer: dict[str, Any]) -> str:
    asked = f'<p class="asked">{_hidden("You asked: ")}{escape(question)}</p>'
    return f'<li class="exchange">{asked}{answer_html(answer)}</li>'


def plain_words(problem: dict[str, Any]) -> str:
    """The problem's message for a person: what each invalid field's message says (no ``field:`` prefix, which
    names a JSON field the person never saw), else the detail; as a sentence."""
    messages = [str(e["message"]) for e in problem.get("errors") or []] or [str(problem["detail"])]
    text = "; ".join(messages).strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "?", "!")) else ".")


async def _answered_page(shell: ChatShell, state: State, request: Request, question: str) -> tuple[int, str, dict]:
    """Status, page and extra headers for the no-JS form: the answer, or the problem's detail in the alert."""
    ctx = context(state)
    try:
        ctx.guards.read(request, request.route_handler)  # no back door round /v1/ask when reads need a key
        ctx.guards.rate(request, request.route_handler)
        served = await ctx.answer(question, "web")
    except Exception as exc:  # any failure is shown as its problem detail; the page is never blank
        status, problem, headers = problem_for(exc, request.url.path)
        return status, shell.render(question=question, alert=plain_words(problem)), headers
    return 200, shell.render(history_html=exchange_html(served.question, served.answer.to_dict())), {}


@get("/", include_in_schema=False, media_type=MediaType.HTML)
async def chat_page(state: State, request: Request, q: FromQuery[str | None] = None) -> Response[str]:
    """The page; with ``q`` (the form sent without JavaScript) it also carries the answer to ``q``.

    Without ``q`` the runtime is not touched, so the page renders while the model is still loading.
    """
    shell = chat_shell()
    if q is None:
        return Response(shell.render(), media_type=MediaType.HTML, headers=shell.headers)
    status, page, headers = await _answered_page(shell, state, request, q)
    return Response(page, status_code=status, media_type=MediaType.HTML, headers={**shell.headers, **headers})


@get(["/favicon.svg", "/favicon.ico"], include_in_schema=False, media_type="image/svg+xml")
async def favicon() -> Response[str]:
    """The pages' icon (linked from each page's head); browsers that ask for ``/favicon.ico`` get it too."""
    return Response(FAVICON_SVG, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})
