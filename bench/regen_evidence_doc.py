"""Rewrite the generated parts of docs/jobs.md (job declarations) and docs/evidence.md (the bundled links)."""

from __future__ import annotations

from pathlib import Path

from evaluators.catalog import default_jobs
from evaluators.catalog_doc import jobs_markdown, rewrite

DOCS = Path(__file__).resolve().parents[1] / "docs"

if __name__ == "__main__":
    jobs_page = DOCS / "jobs.md"
    jobs_page.write_text(rewrite(jobs_page.read_text(), jobs_markdown(default_jobs())))
    print(f"rewrote {jobs_page}")
