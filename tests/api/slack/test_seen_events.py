"""Slack's event dedupe on SQLite and PostgreSQL: of every delivery of one event id, exactly one wins."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from api.slack.seen import KEEP, SeenEvents
from evaluators.store import open_engine


@pytest.fixture
def seen(database_url: str):
    engine = open_engine(database_url)
    yield SeenEvents(engine)
    engine.dispose()


def test_an_event_id_is_taken_once(seen: SeenEvents) -> None:
    assert seen.first_sighting("Ev1")
    assert not seen.first_sighting("Ev1")
    assert seen.first_sighting("Ev2")


def test_concurrent_deliveries_of_one_event_have_one_winner(seen: SeenEvents) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        wins = list(pool.map(lambda _: seen.first_sighting("EvRace"), range(16)))
    assert wins.count(True) == 1


def test_old_ids_are_pruned_and_recent_ones_kept(seen: SeenEvents) -> None:
    seen.first_sighting("EvOld")
    assert seen.prune(now=datetime.now(UTC) + KEEP + timedelta(minutes=1)) == 1
    assert seen.first_sighting("EvOld")
    assert seen.prune() == 0 and not seen.first_sighting("EvOld")
