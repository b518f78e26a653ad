"""Rewrite the generated parts of docs/jobs.md (job declarations) and docs/evidence.md (the bundled links)."""

from __future__ import annotations

from pathlib import Path

from evaluators.catalog import default_jobs
from evaluators.catalog_doc import LINKS_END, LINKS_START, jobs_markdown, links_markdown, rewrite
from evaluators.linking import catalog_linker
from knowledge.documents import bundled_document
from knowledge.embedder import MiniLMEmbedder
from knowledge.extraction import extract_claims

DOCS = Path(__file__).resolve().parents[1] / "docs"

if __name__ == "__main__":
    jobs_page = DOCS / "jobs.md"
    jobs_page.write_text(rewrite(jobs_page.read_text(), jobs_markdown(default_jobs())))
    evidence_page = DOCS / "evidence.md"
    table = links_markdown(extract_claims(bundled_document()), catalog_linker(MiniLMEmbedder(threads=1)))
    evidence_page.write_text(rewrite(evidence_page.read_text(), table, LINKS_START, LINKS_END))
    print(f"rewrote {jobs_page} and {evidence_page}")
