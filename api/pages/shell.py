"""What the server-rendered pages share: their assets inlined from package data, and headers that allow
exactly those inline blocks.

A page is ``<stem>.html`` with ``<!--@css-->`` and ``<!--@js-->`` slots filled from ``palette.css`` (the
colours every page shares) plus ``<stem>.css``, and from ``<stem>.js``; its Content-Security-Policy allows
those two blocks by hash and nothing else from anywhere, so an injected ``<script>`` would not run even if
escaping ever slipped.
"""

from __future__ import annotations

import base64
import hashlib
import re
from importlib.resources import files

SLOT = re.compile(r"<!--@(\w+)-->")


def fill(template: str, **slots: str) -> str:
    """Fill the named ``<!--@name-->`` slots, leaving the others in place."""
    return SLOT.sub(lambda match: slots.get(match.group(1), match.group(0)), template)


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def inline_page(stem: str, *, connect_self: bool = False) -> tuple[str, dict[str, str]]:
    """The page's HTML with its stylesheet and script inlined, and its security headers.

    ``connect_self`` lets the page's script call this origin (the chat page posts to ``/v1/ask``).
    """
    pages = files("api") / "pages"
    css = (pages / "palette.css").read_text("utf-8") + (pages / f"{stem}.css").read_text("utf-8")
    js = (pages / f"{stem}.js").read_text("utf-8")
    if "</style" in css.lower() or "</script" in js.lower():
        raise RuntimeError(f"{stem}.css / {stem}.js must not close their own inline element")
    html = fill((pages / f"{stem}.html").read_text("utf-8"), css=css, js=js)
    policy = [
        "default-src 'none'",
        f"script-src {csp_hash(js)}",
        f"style-src {csp_hash(css)}",
        *(["connect-src 'self'"] if connect_self else []),
        "img-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
    headers = {
        "Content-Security-Policy": "; ".join(policy),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
    return html, headers
