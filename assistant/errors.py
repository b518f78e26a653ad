"""Exception tree of the assistant.

    WeighinError
    ├── UserInputError          bad input from a person or client: CLI exit 2, HTTP 4xx
    │   ├── InvalidQuestion
    │   ├── NotFound            an id (conversation, evaluation, answer) that does not exist: HTTP 404
    │   └── (knowledge.errors.DocumentError is translated to this at the edge)
    ├── ConfigurationError      a WEIGHIN_* setting is wrong: CLI exit 2
    └── QuestionModelMissing    the fitted question model is absent or unreadable (a broken install)
Anything else is a programming error and is not caught at the edges.
"""

from __future__ import annotations


class WeighinError(Exception):
    """Base of every error Weigh-in raises on purpose."""


class UserInputError(WeighinError):
    """The caller gave input we cannot use; the message is shown to them verbatim."""


class InvalidQuestion(UserInputError):
    pass


class NotFound(UserInputError):
    """The caller named something (by id) that does not exist."""


class ConfigurationError(UserInputError):
    """A setting is malformed; shown like bad input, since the person running us can fix it."""


class QuestionModelMissing(WeighinError):
    """The shipped question model (``assistant/data/question_model.npz``) cannot be read: retrain or reinstall."""
