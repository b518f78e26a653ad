"""Exception tree of the knowledge package.

KnowledgeError
├── DocumentError      a document cannot be read or holds nothing usable (the caller's input)
│   └── TooManyClaims  a document yields more claims than one document may add
├── IndexBuildFailed   a new index could not be built (the documents are kept; the old index still answers)
└── IndexCorrupt       the persisted index is unusable (rebuilt, not shown to users)
"""

from __future__ import annotations


class KnowledgeError(Exception):
    """Base of the knowledge package's errors."""


class DocumentError(KnowledgeError):
    """A document the caller supplied is missing, unreadable, unsupported or empty."""


class TooManyClaims(DocumentError):
    """A document yields more claims than the per-document cap; nothing of it is stored."""

    def __init__(self, message: str, claims: int, limit: int) -> None:
        super().__init__(message)
        self.claims = claims
        self.limit = limit


class IndexBuildFailed(KnowledgeError):
    """Building a new index failed or took too long; the index that was answering keeps answering."""


class IndexCorrupt(KnowledgeError):
    """The persisted index cannot be loaded; the knowledge base rebuilds it."""
