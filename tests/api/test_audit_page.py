"""The audit page ``GET /audit``: through the in-process client, and in headless Chromium against a live server.

The runtime here uses the real job catalog (records must not be stale to be charted) over its own database,
filled with real-shaped records from :mod:`tests.api.audit_evidence_data`; its queue never starts, so
nothing here runs a verification job.
"""

from __future__ import annotations

import contextlib
import html
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.audit_evidence_data import HOSTILE, measured_records
from tests.api.conftest import API_KEY, api_settings, make_client, never_loading_client, serving
from tests.api.test_chat_page import ARTIFACTS
from tests.conftest import REPO, knowledge_base_for

with contextlib.suppress(ImportError):  # without playwright the browser fixture skips those tests
    from playwright.sync_api import Browser, expect

SCREENSHOT = ARTIFACTS / "audit.png"
MAX_FOLDED_HEIGHT = 4000
"""Pixels the page may take at 1280 px wide before anything folded is opened."""
ROW = re.compile(r'<tr id="claim-[^"]+" data-verdict="([^"]*)"[^>]*?( hidden)?>')


def audit_runtime_at(settings: Any, embedder: Any) -> Any:
    """A runtime over the real catalog with the measured records appended; its evaluation queue is idle."""
    from assistant.wiring import build_runtime
    from evaluators.service import build_evaluation_service

    knowledge = knowledge_base_for(settings, embedder)
    evaluations = build_evaluation_service(settings.evaluation.database_url, knowledge.claims(), project_root=REPO)
    for record in measured_records(evaluations.registry, evaluations.claims):
        evaluations.store.append(record)
    return build_runtime(settings, knowledge=knowledge, evaluations=evaluations, start_queue=False)


@pytest.fixture(scope="module")
def audit_runtime(assistant, session_data_dir, tmp_path_factory, embedder) -> Iterator[Any]:
    runtime = audit_runtime_at(api_settings(session_data_dir, tmp_path_factory.mktemp("audit-db") / "a.db"), embedder)
    yield runtime
    runtime.close()


@pytest.fixture
def audit_client(audit_runtime) -> Iterator[Any]:
    with make_client(audit_runtime, WEIGHIN_RATE_LIMIT="0") as test_client:
        yield test_client


def rows(page: str) -> list[tuple[str, bool]]:
    """(verdict, shown) per claims-table row."""
    return [(verdict, not hidden) for verdict, hidden in ROW.findall(page)]


def section(page: str, section_id: str) -> str:
    start = page.index(f'id="{section_id}"')
    return page[start : page.index("</section>", start)]


def test_page_shows_integrity_summary_claims_charts_and_records(audit_client, audit_runtime) -> None:
    response = audit_client.get("/audit")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp and "unsafe-inline" not in csp
    page = response.text
    store = audit_runtime.evaluations.store
    assert f"<strong>Evidence log intact.</strong> {len(store.records())} records" in page
    claims = audit_runtime.evaluations.claims
    assert len(rows(page)) == len(claims) and all(shown for _, shown in rows(page))
    assert re.search(r'<span class="count">\d+</span> Supported</a>', page)
    charts = section(page, "charts")
    graph = charts.split('id="chart-tf-graph-vs-eager-cnn_train_step"')[1].split("</figure>")[0]
    assert "<svg" in graph and ">62.0 ms</text>" in graph and ">TF eager</text>" in graph
    assert ">412 MB</text>" in charts and ">1,912 MB</text>" in charts  # RSS and installed size
    assert ">CPU · ci-runner</text>" in charts and ">CUDA:0 · gpu-box (NVIDIA H200)</text>" in charts
    assert "torch-compile" not in charts  # its run failed: no figures to chart, its error is listed
    records = section(page, "records")
    for record in store.records():
        assert f'id="record-{record.id}"' in records
        if record.claim_ids:
            assert f'href="#record-{record.id}"' in section(page, "claims")  # linked from its claims' rows
    assert "stale: the job changed since" in records and "timed out after 300 s" in records
    assert f'href="/v1/claims/{claims[0].id}"' in page
    assert "tf-serving-artifact" in section(page, "disagreements")
    assert 'id="disputes"' in page


def row_of(page: str, claim_id: str) -> str:
    start = page.index(f'<tr id="claim-{claim_id}"')
    return page[start : page.index("</tr>", start)]


def claim_with(runtime: Any, *words: str) -> Any:
    return next(c for c in runtime.evaluations.claims if all(w in c.text for w in words))


def test_a_mixed_claim_shows_each_jobs_verdict_and_says_who_found_what(audit_client, audit_runtime) -> None:
    claim = claim_with(audit_runtime, "TensorFlow Serving, TensorFlow Lite, and TensorFlow.js")
    row = row_of(audit_client.get("/audit").text, claim.id)
    assert 'data-verdict="mixed"' in row and '<span class="badge verdict-mixed">Mixed</span>' in row
    summary = row[row.index('class="mixed-summary"') : row.index("</p>", row.index('class="mixed-summary"'))]
    assert "Contradicted from <code>tf-serving-artifact</code> (cuda:0 on gpu-box)" in summary
    assert "Error from <code>tfjs-converter</code> (cpu on ci-runner)" in summary
    links = row[row.index('<ol class="links">') :].split("</ol>")[0]
    assert links.count("<li>") == 4  # serving on CPU and on GPU, LiteRT, TF.js: each on its own
    assert "Predicts</span> tensorflow works" in links and "measured</span> fails" in links
    assert "Not measured: the ranking" in links
    assert "What the jobs found" in row and "LiteRT interpreter parity: fails in TensorFlow" in row


def test_a_claim_with_no_measurement_names_the_command_that_fills_it(audit_client, audit_runtime) -> None:
    claim = claim_with(audit_runtime, "dynamic computational graph", "on the fly")
    page = audit_client.get("/audit").text
    row = row_of(page, claim.id)
    assert 'data-verdict="unverified"' in row and "Not measured yet</span>" in row
    assert f'run <code class="command">weighin evaluate --claim {claim.id}</code>' in row
    pending = section(page, "charts")
    assert '<code class="command">weighin evaluate --job torch-dynamic-control-flow</code>' in pending
    assert "--job tf-graph-vs-eager" not in pending  # measured: not pending


def test_record_cards_list_their_findings_and_checks_form_a_grid(audit_client, audit_runtime) -> None:
    page = audit_client.get("/audit").text
    serving = [r for r in audit_runtime.evaluations.store.records() if r.job_id == "tf-serving-artifact"]
    records = section(page, "records")
    card = records[records.index(f'id="record-{serving[-1].id}"') :].split("</li>")[0]
    assert "<h4>Findings</h4>" in card and html.escape(serving[-1].findings[0]["text"]) in card
    grid = page[page.index('<table class="check-grid">') :].split("</table>")[0]
    assert "CUDA:0 · gpu-box (NVIDIA H200)</th>" in grid and "✗ failed" in grid and "✓ passed" in grid
    assert "not run" in grid  # TF.js could not run here


def test_the_markdown_report_speaks_the_same_vocabulary(audit_client, audit_runtime) -> None:
    mixed = claim_with(audit_runtime, "TensorFlow Serving, TensorFlow Lite, and TensorFlow.js")
    unmeasured = claim_with(audit_runtime, "dynamic computational graph", "on the fly")
    report = audit_client.get("/v1/audit", params={"format": "md"}).text
    assert f"## {mixed.id}: Mixed" in report and f"## {unmeasured.id}: Not measured yet" in report
    assert (
        "| tflite-export | cpu | tensorflow works | fails | Contradicted | fails in tensorflow | the ranking |"
        in report
    )
    assert f"- Not measured yet: run `weighin evaluate --claim {unmeasured.id}`" in report
    assert "- Found: On gpu-box (CUDA: NVIDIA H200) SavedModel serving signature: fails in TensorFlow." in report


def test_filters_hide_rows_on_the_server(audit_client) -> None:
    everything = rows(audit_client.get("/audit").text)
    supported = audit_client.get("/audit", params={"verdict": "supported"}).text
    shown = [verdict for verdict, visible in rows(supported) if visible]
    assert shown and set(shown) == {"supported"} and len(rows(supported)) == len(everything)
    assert f'<span id="shown-count">{len(shown)}</span> of {len(everything)}' in supported
    assert '<option value="supported" selected>' in supported
    combined = audit_client.get("/audit", params={"verdict": "supported", "framework": "tensorflow"}).text
    assert 0 < sum(visible for _, visible in rows(combined)) < len(shown)
    none = audit_client.get("/audit", params={"topic": "origin", "verdict": "supported"}).text
    assert not any(visible for _, visible in rows(none))
    assert '<p id="no-match" class="empty">' in none
    ignored = audit_client.get("/audit", params={"verdict": HOSTILE, "topic": "nope"})
    assert ignored.status_code == 400 and all(visible for _, visible in rows(ignored.text))
    assert " selected>" not in ignored.text  # dropped, not echoed into the form
    alerts = re.findall(r'<div class="alert" role="alert">(.*?)</div>', ignored.text)
    assert alerts[0].startswith(f"Unknown verdict {html.escape(repr(HOSTILE))}: choose one of supported, ")
    assert alerts[1].startswith("Unknown topic &#x27;nope&#x27;: choose one of automl, ")
    assert HOSTILE not in ignored.text


def test_hostile_record_and_dispute_text_is_escaped(audit_client, audit_runtime) -> None:
    from evaluators.registry import jobs_for_claim

    untestable = next(
        c for c in audit_runtime.evaluations.claims if not jobs_for_claim(c, audit_runtime.evaluations.registry)
    )
    disputed = audit_client.post(
        f"/v1/claims/{untestable.id}/disputes",
        json={"reason": f"Wrong: {HOSTILE}"},
        headers={"Authorization": f"Bearer {API_KEY}"},
    )
    assert disputed.status_code == 201 and disputed.json()["evaluation_id"] is None
    page = audit_client.get("/audit").text
    assert HOSTILE not in page and "<img" not in page
    assert html.escape(HOSTILE) in section(page, "records")  # the tfjs record's key figure and rationale
    disputes = section(page, "disputes")
    assert html.escape(f"Wrong: {HOSTILE}") in disputes and f'href="#claim-{untestable.id}"' in disputes
    assert "1 open dispute</a>" in page


def test_hostile_claim_text_is_escaped() -> None:
    from api.pages.audit_view import AuditFilters, audit_page
    from assistant.audit_report import AuditReport, ClaimAudit
    from evaluators.chain import ChainReport

    claim = {
        "id": 'c-"><b>x',
        "text": HOSTILE,
        "quote": f"Quote {HOSTILE}",
        "section": f"{HOSTILE} > part",
        "favors": HOSTILE,
        "topic": HOSTILE,
        "frameworks": [HOSTILE],
        "aspects": [],
        "subject": "both",
    }
    report = AuditReport(
        "2026-11-20T10:00:00+00:00", ChainReport(0, None, []), [ClaimAudit(claim, HOSTILE, [], [], [])]
    )
    page = audit_page(report, AuditFilters())
    body = page[page.index("<main>") :]
    assert "<script>alert" not in body and "<img" not in body and "<b>x" not in body
    assert html.escape(HOSTILE) in body and html.escape('claim-c-"><b>x') in body


def test_broken_chain_is_the_first_thing_on_the_page(assistant, session_data_dir, tmp_path, embedder) -> None:
    database = tmp_path / "broken.db"
    runtime = audit_runtime_at(api_settings(session_data_dir, database), embedder)
    try:
        victim = runtime.evaluations.store.records()[3]
        with sqlite3.connect(database) as db:
            db.execute("UPDATE evidence_record SET key_figure = ? WHERE id = ?", ("10x faster", victim.id))
        with make_client(runtime, WEIGHIN_RATE_LIMIT="0") as client:
            page = client.get("/audit").text
    finally:
        runtime.close()
    main = page[page.index("<main>") :]
    assert main.index('class="chain chain-broken" role="alert"') < main.index('id="summary-heading"')
    assert f'<a href="#record-{victim.id}"><code>{victim.id}</code></a> (position 4)' in main
    assert "content does not match its hash" in main and "<title>Weigh-in claim audit (evidence log BROKEN)" in page


def test_page_needs_a_key_when_reads_are_closed(audit_runtime) -> None:
    with make_client(audit_runtime, WEIGHIN_API_OPEN_READS="false", WEIGHIN_RATE_LIMIT="0") as client:
        closed = client.get("/audit")
        assert closed.status_code == 401 and "needs an API key" in closed.text
        assert 'role="alert"' in closed.text and '<table class="claims-table">' not in closed.text
        assert "script-src 'sha256-" in closed.headers["content-security-policy"]
        assert client.get("/audit", headers={"X-API-Key": API_KEY}).status_code == 200


def test_page_says_so_while_the_runtime_loads(tmp_path: Path) -> None:
    with never_loading_client(tmp_path) as client:
        loading = client.get("/audit")
        assert loading.status_code == 503 and "still loading" in loading.text


# -- in a browser --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def audit_server(assistant, session_data_dir, tmp_path_factory, bundled_claims) -> Iterator[str]:
    """``weighin serve`` over a database that already holds the measured records."""
    from evaluators.catalog import default_registry
    from evaluators.store import EvidenceStore

    folder = tmp_path_factory.mktemp("audit-live")
    store = EvidenceStore(f"sqlite:///{folder / 'live.db'}")
    for record in measured_records(default_registry(), bundled_claims):
        store.append(record)
    store.close()
    with serving(session_data_dir, folder / "live.db", folder, WEIGHIN_API_KEYS=API_KEY) as base:
        yield base


def test_audit_page_in_a_browser(browser: Browser, audit_server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (problems.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: problems.append(message.text) if "Content Security" in message.text else None)
    page.goto(f"{audit_server}/audit")
    expect(page.get_by_role("status")).to_contain_text("Evidence log intact.")
    table_rows = page.locator(".claims-table tbody tr")
    total = table_rows.count()
    assert total > 50
    expect(page.locator(".claims-table .badge.verdict-contradicted").first).to_be_visible()
    expect(page.locator(".claims-table .badge.verdict-supported").first).to_be_hidden()  # its group is folded
    folded_height = page.evaluate("document.documentElement.scrollHeight")
    assert folded_height < MAX_FOLDED_HEIGHT, f"the page is {folded_height} px tall before anything is opened"
    assert page.locator("main > section").first.get_attribute("class") == "summary"
    expect(page.locator("details.claim-links[open]")).to_have_count(0)
    chart = page.locator("#chart-tf-graph-vs-eager-cnn_train_step svg[role=img]")
    expect(chart).to_be_visible()
    expect(chart.locator("text.value").first).to_have_text("62.0 ms")
    assert chart.locator("rect.box").count() == 2
    SCREENSHOT.unlink(missing_ok=True)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    page.locator("#charts").screenshot(path=str(SCREENSHOT.with_name("audit-charts.png")))
    links = page.locator("details.claim-links").first
    links.locator("summary").click()
    expect(links.locator("ol.links")).to_be_visible()

    page.locator("#filters select[name=verdict]").select_option("supported")
    visible = page.locator(".claims-table tbody tr:visible")
    expect(page.locator("#shown-count")).to_have_text(str(visible.count()))
    assert 0 < visible.count() < total
    assert set(visible.evaluate_all("rows => rows.map(r => r.dataset.verdict)")) == {"supported"}
    assert page.url.endswith("/audit?verdict=supported")
    visible.locator(".chip").first.click()
    assert re.search(r"#record-[0-9a-f]{32}$", page.url)
    expect(page.locator(".record:target")).to_be_visible()  # the folded records opened for the link
    assert page.evaluate("document.documentElement.scrollHeight") > folded_height
    context.close()
    strays = [url for url in requests if not url.startswith(f"{audit_server}/")]
    assert requests and not strays, f"the page reached beyond the live server: {strays}"
    assert not problems, problems


def test_claims_fold_by_verdict_and_their_evidence_folds(audit_client) -> None:
    page = audit_client.get("/audit").text
    main = page[page.index("<main>") :]
    assert main.index('class="summary"') < main.index('id="charts"') < main.index('id="claims"')
    assert main.index("Evidence log intact.") < main.index('class="tiles"')  # integrity is part of the summary
    groups = dict(re.findall(r'<details class="claim-group" data-group="([a-z_]+)"( open)?', page))
    assert groups["contradicted"] == groups["mixed"] == " open"
    assert groups["supported"] == groups["not_testable"] == groups["unverified"] == ""
    assert '<details class="claim-links">' in page and '<details class="claim-links" open' not in page
    assert '<details class="fold"><summary>Show all ' in section(page, "records")
    filtered = audit_client.get("/audit", params={"verdict": "supported"}).text
    shown = dict(re.findall(r'<details class="claim-group" data-group="([a-z_]+)"([^>]*)>', filtered))
    assert shown["supported"] == " open" and all(v == " hidden" for k, v in shown.items() if k != "supported")


def observed(job_id: str, metric: str, pytorch: float, tensorflow: float) -> dict[str, Any]:
    """A current record holding one value observation (one figure per side)."""
    sides = {"pytorch": {"value": pytorch}, "tensorflow": {"value": tensorflow}}
    observation = {"metric": metric, "label": metric.replace("_", " "), "kind": "value", "unit": "", "sides": sides}
    return {
        "record_id": f"r-{job_id}",
        "job_id": job_id,
        "device": "cpu",
        "host": "ci",
        "started_at": "2026-11-20T10:00:00+00:00",
        "metrics": {"observations": [observation]},
    }


def test_a_chart_is_drawn_only_where_the_sides_differ() -> None:
    from api.pages.audit_figures import charts_html

    html_out = charts_html([observed("automl-tuners", "trials_completed", 9, 9), observed("x", "size", 1, 2)], [])
    alike = html_out[html_out.index('<ul class="alike">') :]
    assert 'id="chart-x-size"' in html_out and "<svg" in html_out.split('<ul class="alike">')[0]
    assert "<strong>trials completed</strong>: 9.00 on every side" in alike and "<svg" not in alike
    assert 'figure class="chart-card" id="chart-automl-tuners-trials_completed"' not in html_out


def test_jobs_still_to_measure_come_from_the_services_own_links() -> None:
    """The page lists what the report's links (the service's linker, the one verdicts come from) name, not a
    second linker's reading of the claims."""
    from api.pages.audit_view import AuditFilters, audit_page
    from assistant.audit_report import AuditReport, ClaimAudit
    from evaluators.chain import ChainReport

    claim = {
        "id": "c1",
        "text": "A sentence no cue word would link.",
        "quote": "q",
        "section": "",
        "favors": "both",
        "topic": "",
        "frameworks": [],
        "aspects": [],
        "subject": "both",
    }
    linked = AuditReport(
        "2026-11-20T10:00:00+00:00",
        ChainReport(0, None, []),
        [ClaimAudit(claim, "untested", [], [], [])],
        linked_jobs=frozenset({"tflite-export"}),
    )
    unlinked = AuditReport(
        "2026-11-20T10:00:00+00:00", ChainReport(0, None, []), [ClaimAudit(claim, "untested", [], [], [])]
    )
    assert "tflite-export" in audit_page(linked, AuditFilters())
    assert "tflite-export" not in audit_page(unlinked, AuditFilters())


def test_the_report_links_jobs_as_the_service_does(assistant, session_data_dir, tmp_path, embedder) -> None:
    from assistant.audit_report import build_report

    runtime = audit_runtime_at(api_settings(session_data_dir, tmp_path / "linked.db"), embedder)
    evaluations = runtime.evaluations
    expected = {job.id for claim in evaluations.claims for job in evaluations.jobs_for_claim(claim)}
    assert expected and build_report(runtime.audit).linked_jobs == expected
