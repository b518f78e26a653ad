"""Block Kit rendering: escaping and Slack's size limits, without Slack."""

from __future__ import annotations

from tests.api.slack.support import all_text

# -- blocks ----------------------------------------------------------------------------------------------


def test_blocks_escape_text_and_stay_within_slack_limits():
    from api.slack.blocks import answer_blocks
    from assistant.answer import Answer, Citation

    citation = Citation("c1", "Keras <Tuner> & friends", "AutoML", "line one\nline two", 0, 5, 0.9, "tensorflow")
    answer = Answer("q", "x" * 5000 + " <b>", "tensorflow", 0.8, False, [citation] * 30)
    blocks = answer_blocks(answer)
    assert len(blocks) <= 50 and len(blocks[0]["text"]["text"]) <= 3000
    text = all_text(blocks)
    assert "&lt;Tuner&gt; &amp; friends" in text and "> line one\\n> line two" in text


def test_an_audit_card_shows_each_jobs_verdict_in_the_shared_words():
    from api.slack.blocks import audit_card_blocks

    links = [
        {
            "job_id": "tf-serving-artifact",
            "device": "cpu",
            "predicts": "tensorflow works",
            "measured": "works",
            "verdict": "supported",
        },
        {
            "job_id": "tfjs-converter",
            "device": "cpu",
            "predicts": "tensorflow works",
            "measured": "unavailable",
            "verdict": "error",
            "unmeasured": "the <ranking>",
        },
    ]
    card = {"id": "c1", "verdict": "mixed", "text": "Serving, Lite and JS", "quote": "q", "links": links}
    text = all_text(audit_card_blocks(card))
    assert ":left_right_arrow: Mixed" in text
    assert (
        ":white_check_mark: Supported · `tf-serving-artifact` on cpu: predicts tensorflow works, measured works" in text
    )
    assert ":warning: Error · `tfjs-converter` on cpu" in text and "(not measured: the &lt;ranking&gt;)" in text
