"""The Slack adapter (HTTP Events API, slash command, interactivity); see ``docs/slack.md``.

``routes`` (the controller: signature check, then the bot) -> ``bot`` (what to do, in background work)
-> ``blocks`` (Block Kit), ``replies`` (thread or ``response_url``), ``runs`` (evaluation runs), ``client``
(the Web API, with retries). ``inbound`` reads Slack's payloads; ``seen`` remembers answered events.
"""

from __future__ import annotations
