"""Block Kit for every message the bot sends: answers, evidence updates, audit cards, help.

Pure functions from our data to Slack's JSON, so the layout is tested without Slack. Slack refuses a
whole message over its limits (3,000 characters in a section, 50 blocks, 2,000 in a button value), so
text is clipped here rather than trusted to fit. User-visible text is escaped: ``&``, ``<`` and ``>``
are control characters in Slack's ``mrkdwn``.

Buttons carry the answer id in ``value``; their ``action_id`` says what to do (see ``ACTION_*``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.answer import Answer, Citation
from evaluators.verdicts import LABELS

Block = dict[str, Any]

ACTION_RERUN = "weighin_rerun_evidence"
ACTION_UP = "weighin_feedback_up"
ACTION_DOWN = "weighin_feedback_down"
FEEDBACK_ACTIONS = {ACTION_UP: "up", ACTION_DOWN: "down"}

SECTION_LIMIT = 3000
CONTEXT_LIMIT = 2000
MAX_CITATIONS = 10
MAX_CARD_EVIDENCE = 5
MAX_CARD_DISPUTES = 3

EMOJI = {
    "supported": ":white_check_mark:",
    "contradicted": ":x:",
    "inconclusive": ":grey_question:",
    "error": ":warning:",
    "not_testable": ":no_entry_sign:",
    "mixed": ":left_right_arrow:",
    "measured": ":bar_chart:",
    "unverified": ":hourglass_flowing_sand:",
}
"""Slack's own touch: an emoji per verdict, over the shared vocabulary (the words come from ``LABELS``)."""
BADGES = {verdict: f"{EMOJI[verdict]} {label}" for verdict, label in LABELS.items()}


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(text: str) -> str:
    return "\n".join("> " + line for line in escape(text).splitlines() or [""])


def badge(verdict: str) -> str:
    return BADGES.get(verdict, f":grey_question: {escape(verdict)}")


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, SECTION_LIMIT)}}


def context(*parts: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(p, CONTEXT_LIMIT)} for p in parts]}


def button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": text, "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def evidence_line(item: dict[str, Any]) -> str:
    """One measurement as a badge: verdict, key figure, the job that measured it and when."""
    figure = f" — {escape(str(item['key_figure']))}" if item.get("key_figure") else ""
    when = str(item.get("measured_at") or "")[:10]
    return f"{badge(str(item.get('verdict')))}{figure} · `{escape(str(item.get('job_id')))}` {when}".rstrip()


def evidence_badges(claim_id: str, evidence: Sequence[dict[str, Any]]) -> str:
    lines = [evidence_line(item) for item in evidence if item.get("claim_id") == claim_id]
    return "\n".join(lines) if lines else f"{badge('unverified')} (no measurement yet)"


def citation_blocks(number: int, citation: Citation, evidence: Sequence[dict[str, Any]]) -> list[Block]:
    same = " ".join(citation.text.split()) == " ".join(citation.quote.split())
    head = f"*[{number}]*" + ("" if same else " " + escape(citation.text)) + "\n" + quoted(citation.quote)
    where = f"`{escape(citation.claim_id)}`" + (f" · {escape(citation.section)}" if citation.section else "")
    return [section(head), context(where, evidence_badges(citation.claim_id, evidence))]


def answer_text(answer: Answer) -> str:
    """The notification and screen-reader text of an answer message."""
    return clip(answer.answer, SECTION_LIMIT)


def answer_blocks(answer: Answer, note: str | None = None) -> list[Block]:
    """The direct answer, each cited claim with its quote and evidence badges, then the buttons."""
    if answer.abstained:
        summary = f"Abstained (confidence {answer.confidence:.2f}): the sources do not answer this."
    else:
        pick = f"Recommendation: *{escape(answer.recommendation)}*" if answer.recommendation else "No single pick"
        summary = f"{pick} · confidence {answer.confidence:.2f} · answer `{answer.id}`"
    blocks: list[Block] = [section(escape(answer.answer)), context(summary)]
    citations = answer.citations[:MAX_CITATIONS]
    if citations:
        blocks.append({"type": "divider"})
    for number, citation in enumerate(citations, start=1):
        blocks.extend(citation_blocks(number, citation, answer.evidence))
    if note:
        blocks.append(context(note))
    blocks.append(answer_actions(answer))
    return blocks


def answer_actions(answer: Answer) -> Block:
    elements = [] if answer.abstained or not answer.citations else [button("Re-run evidence", ACTION_RERUN, answer.id)]
    elements += [button(":+1:", ACTION_UP, answer.id), button(":-1:", ACTION_DOWN, answer.id, style="danger")]
    return {"type": "actions", "block_id": f"weighin-answer-{answer.id}"[:255], "elements": elements}


def evidence_blocks(title: str, claims: Sequence[tuple[str, str]], evidence: Sequence[dict[str, Any]]) -> list[Block]:
    """Fresh evidence for claims (``(claim_id, text)`` pairs), posted in the thread after a re-run."""
    blocks: list[Block] = [section(title)]
    for claim_id, text in claims[:MAX_CITATIONS]:
        blocks.append(section(f"`{escape(claim_id)}` {escape(text)}\n{evidence_badges(claim_id, evidence)}"))
    return blocks


def link_line(link: dict[str, Any]) -> str:
    """One judged link: verdict, job and device, what it predicts and what was measured."""
    where = f"`{escape(str(link.get('job_id')))}` on {escape(str(link.get('device') or '?'))}"
    found = f"predicts {escape(str(link.get('predicts') or '?'))}, measured {escape(str(link.get('measured') or '?'))}"
    left = f" (not measured: {escape(str(link['unmeasured']))})" if link.get("unmeasured") else ""
    return f"{badge(str(link.get('verdict')))} · {where}: {found}{left}"


def audit_card_blocks(card: dict[str, Any]) -> list[Block]:
    """A claim's audit card: text, source quote, verdict, current evidence and its disputes."""
    blocks: list[Block] = [
        section(f"*Claim* `{escape(card['id'])}` · {badge(str(card.get('verdict')))}\n{escape(card.get('text', ''))}"),
        section(quoted(str(card.get("quote") or ""))),
        context(f"Section: {escape(str(card.get('section') or '-'))}"),
    ]
    links = card.get("links") or []
    if links:
        blocks.append(
            section("*Each job's verdict*\n" + "\n".join(link_line(link) for link in links[:MAX_CARD_EVIDENCE]))
        )
    evidence = card.get("current_evidence") or []
    if evidence:
        lines = [
            evidence_line({**record, "measured_at": record.get("started_at")})
            for record in evidence[:MAX_CARD_EVIDENCE]
        ]
        blocks.append(section("*Current evidence*\n" + "\n".join(lines)))
    else:
        blocks.append(context("No current evidence in this environment."))
    disputes = card.get("disputes") or []
    if disputes:
        shown = [f"• {escape(d['status'])}: {escape(clip(d['reason'], 200))}" for d in disputes[-MAX_CARD_DISPUTES:]]
        blocks.append(section(f"*Disputes* ({len(disputes)})\n" + "\n".join(shown)))
    return blocks


def help_text(command: str = "/weighin") -> str:
    command = escape(command)
    return (
        f"*{command} &lt;question&gt;* — an answer from the article, with quotes and measured evidence\n"
        f"*{command} audit &lt;claim-id&gt;* — a claim's audit card: verdict, evidence, disputes\n"
        f"*{command} help* — this message\n"
        "Mention me in a channel or write to me directly to get the answer in a thread. Under each answer, "
        "*Re-run evidence* measures the cited claims again, and :+1: / :-1: tell us whether it helped "
        "(a :-1: disputes the cited claims and queues their re-verification)."
    )


def help_blocks(command: str = "/weighin") -> list[Block]:
    return [section(help_text(command))]
