"""The pages' icon: a small SVG (a balance, in the accent colour) served at ``/favicon.svg`` and, for clients
that ask for the conventional path without reading the page, at ``/favicon.ico``."""

from __future__ import annotations

FAVICON_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    '<rect width="32" height="32" rx="7" fill="#2563eb"/>'
    '<path d="M16 6v19M9 25h14M7 11h18" stroke="#fff" stroke-width="2.2" stroke-linecap="round" fill="none"/>'
    '<path d="M7 11l-3.5 7h7zM25 11l-3.5 7h7z" fill="#fff"/>'
    "</svg>"
)
