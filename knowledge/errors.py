"""Exception tree of the knowledge package.

KnowledgeError
├── DocumentError      a document cannot be read or holds nothing usable (the caller's input)
└── IndexCorrupt       the persisted index is unusable (rebuilt, not shown to users)
"""

from __future__ import annotations


class KnowledgeError(Exception):
    """Base of the knowledge package's errors."""


class DocumentError(KnowledgeError):
    """A document the caller supplied is missing, unreadable, unsupported or empty."""


class IndexCorrupt(KnowledgeError):
    """The persisted index cannot be loaded; the knowledge base rebuilds it."""
