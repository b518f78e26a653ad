"""One vocabulary for verdicts on every surface: each surface's mapping covers exactly the shared words."""

from __future__ import annotations

import json
import re
import typing

from evaluators.verdicts import LABELS, MIXED, STATUSES, VERDICTS

VOCABULARY = set(LABELS)
"""Every status a record or claim can read as, plus ``unverified`` (a testable claim not measured yet)."""


def test_the_vocabulary_is_the_statuses_plus_unverified() -> None:
    assert set(STATUSES) | {"unverified"} == VOCABULARY
    assert len(set(LABELS.values())) == len(LABELS)  # no two verdicts read alike


def test_the_chat_page_serves_the_labels_to_its_script() -> None:
    from api.routes.pages import LABELS_ISLAND, VERDICTS, chat_shell

    assert VERDICTS is LABELS
    page = chat_shell().render()
    island = re.search(rf'<script type="application/json" id="{LABELS_ISLAND}">(.*?)</script>', page)
    assert island is not None and json.loads(island.group(1)) == LABELS
    assert page.index(LABELS_ISLAND) < page.index("</head>")


def test_the_audit_page_badges_and_styles_cover_the_vocabulary() -> None:
    from api.pages.audit_links import verdict_badge
    from api.pages.shell import inline_page

    css = inline_page("audit")[0]
    for verdict, label in LABELS.items():
        assert verdict_badge(verdict) == f'<span class="badge verdict-{verdict}">{label}</span>'
        assert re.search(rf"\.verdict-{verdict}\b", css), f"audit.css has no colour for {verdict}"
    assert 'verdict-unknown">odd' in verdict_badge("odd")


def test_slack_badges_cover_exactly_the_vocabulary() -> None:
    from api.slack.blocks import BADGES, EMOJI, badge

    assert set(EMOJI) == VOCABULARY and set(BADGES) == VOCABULARY
    assert all(badge(v) == f"{EMOJI[v]} {LABELS[v]}" for v in VOCABULARY)


def test_cli_styles_cover_exactly_the_vocabulary() -> None:
    from cli.listing import VERDICT_STYLES

    assert set(VERDICT_STYLES) == VOCABULARY


def test_the_claims_filter_takes_every_claim_verdict() -> None:
    from api.routes.knowledge import VerdictFilter

    assert set(typing.get_args(VerdictFilter)) == {*VERDICTS, MIXED, "unverified"}


def test_the_api_schema_describes_every_status() -> None:
    from api.schemas import LINK_VERDICT_DESCRIPTION, STATUS_DESCRIPTION

    assert all(f"{status} ({LABELS[status]})" in STATUS_DESCRIPTION for status in STATUSES)
    assert all(f"{verdict} ({LABELS[verdict]})" in LINK_VERDICT_DESCRIPTION for verdict in VERDICTS)
    assert MIXED not in LINK_VERDICT_DESCRIPTION
