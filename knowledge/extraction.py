"""Claim extraction: turn an article into self-contained, labelled, quotable claims.

Reads headings and numbered sections, splits prose into sentences, reads bullet items with their
heading and label ("Key Benefits:" under "1. Debugging Simplicity with PyTorch"), expands pipe tables
per row and column, pairs FAQ questions with their answers, and reads ratings. Captions, "visit:" link
lines, reference lists, bare labels and table separators are not claims.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from knowledge import frameworks, hypotheses, labels, reading
from knowledge.claims import Claim, claim_id
from knowledge.documents import Document
from knowledge.lines import Line, LineKind, Span, read_lines, sentences, without_numbering

EXTRACTOR_VERSION = "8"

_SKIPPED_SECTIONS = re.compile(
    r"^(resources|references|sources|further reading|see also|links|bibliography)$", re.IGNORECASE
)
_PRONOUN = re.compile(r"\b(its|it)\b", re.IGNORECASE)
_CONS_HEADER = re.compile(r"\b(cons?|drawbacks?|weakness(?:es)?|disadvantages?|limitations?)\b", re.IGNORECASE)
_MIN_CLAIM_WORDS = 3
_MIN_QUOTE_WORDS = 4
"""A quote shorter than this ("TensorFlow Lite") is cited with its row or its list's label around it."""
_META = re.compile(
    r"\b(this article|this section|readers|by the end|we need to|it[’']s (?:essential|important|helpful)|"
    r"that follow|a visual walkthrough)\b",
    re.IGNORECASE,
)
"""Sentences about the article itself ("By the end, readers will gain..."): they state nothing to cite."""


@dataclass(frozen=True, slots=True)
class Draft:
    """A claim before labelling: what it says, where it came from, and the context it was read in."""

    text: str
    quote: Span
    """Where the claim is quoted from; the quote itself is sliced from the document by offsets."""
    section: tuple[str, ...]
    context: str | None = None
    topic_hint: str | None = None
    subject: str | None = None
    favors: str | None = None


@dataclass
class _Reading:
    """Mutable state while walking a document's lines."""

    section: list[tuple[int, str]] = field(default_factory=list)
    label: str | None = None
    label_start: int | None = None
    header: tuple[Span, ...] | None = None
    question: Span | None = None
    skipping: bool = False

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(frameworks.normalise_brand(title) for _, title in self.section)

    def context_framework(self) -> str | None:
        """The one rival the innermost section (or the current label) is about, if exactly one."""
        candidates = [self.label] if self.label else []
        candidates += [title for _, title in reversed(self.section)]
        for title in candidates:
            named = frameworks.rivals_in(title or "")
            if len(named) == 1:
                return named[0]
            if named:
                return None
        return None


def _make_self_contained(text: str, framework: str | None) -> str:
    """Name the framework a pronoun or an elided subject stands for."""
    text = frameworks.normalise_brand(text)
    if framework is None or frameworks.mentions(text):
        return text
    name = frameworks.display(framework)
    match = _PRONOUN.search(text)
    if match:
        replacement = f"{name}'s" if match.group(1).lower() == "its" else name
        return text[: match.start()] + replacement + text[match.end() :]
    return f"{name}: {text}"


class ClaimExtractor:
    """Stateless: ``extract(document)`` may be called for any number of documents."""

    def extract(self, document: Document) -> list[Claim]:
        claims: list[Claim] = []
        seen: set[str] = set()
        for draft in self._drafts(document):
            claim = self._label(document, draft)
            if claim.id in seen:
                continue
            seen.add(claim.id)
            claims.append(claim)
        return claims

    def _drafts(self, document: Document) -> Iterator[Draft]:
        state = _Reading()
        lines = list(read_lines(document.text))
        for index, line in enumerate(lines):
            if line.kind is LineKind.HEADING:
                self._enter_section(state, line)
                continue
            if state.skipping or line.kind in {LineKind.CAPTION, LineKind.LINK_ONLY, LineKind.SEPARATOR}:
                continue
            if line.kind is LineKind.BLANK:
                state.header = None
            elif line.kind is LineKind.LABEL:
                state.label, state.label_start, state.header = line.span.text, line.span.start, None
            elif line.kind is LineKind.QUESTION:
                state.question = line.span
            elif line.kind is LineKind.TABLE_ROW:
                if state.header is None:
                    state.header = line.cells
                else:
                    yield from self._table_row(state, line.cells)
            elif line.kind is LineKind.BULLET:
                yield from self._bullet(state, line.span)
            else:
                yield from self._prose(state, line.span)
                state.question = None
            next_kind = lines[index + 1].kind if index + 1 < len(lines) else LineKind.BLANK
            if line.kind is not LineKind.TABLE_ROW and next_kind not in {LineKind.TABLE_ROW, LineKind.SEPARATOR}:
                state.header = None

    def _enter_section(self, state: _Reading, line: Line) -> None:
        while state.section and state.section[-1][0] >= line.level:
            state.section.pop()
        state.section.append((line.level, line.span.text))
        state.label = state.label_start = state.header = state.question = None
        state.skipping = bool(_SKIPPED_SECTIONS.match(without_numbering(line.span.text)))

    def _prose(self, state: _Reading, span: Span) -> Iterator[Draft]:
        if state.question is not None:
            yield from self._faq(state, state.question, span)
            return
        if not state.section:
            return  # the introduction, before the first heading, sets the scene and states nothing to cite
        paragraph_framework = state.context_framework()
        for sentence in sentences(span):
            if _META.search(sentence.text):
                continue
            named = frameworks.rivals_in(sentence.text)
            if len(named) == 1:
                paragraph_framework = named[0]
            yield Draft(
                text=_make_self_contained(sentence.text, paragraph_framework),
                quote=sentence,
                section=state.path,
                context=paragraph_framework,
            )

    def _faq(self, state: _Reading, question: Span, answer: Span) -> Iterator[Draft]:
        asked = frameworks.rivals_in(question.text) or frameworks.rivals_in(answer.text)
        subject = asked[0] if asked else None
        text = f"{frameworks.normalise_brand(question.text)} {_make_self_contained(answer.text, subject)}"
        yield Draft(
            text=text,
            quote=Span("", question.start, answer.end),
            section=state.path,
            context=subject,
            subject=subject,
            favors=subject,
        )

    def _bullet(self, state: _Reading, item: Span) -> Iterator[Draft]:
        text = frameworks.normalise_brand(item.text.rstrip("."))
        if frameworks.rivals_in(text, tools=False):
            composed = text
        else:
            section = without_numbering(state.path[-1]) if state.path else ""
            prefix = " — ".join(part for part in (section, state.label) if part)
            composed = _make_self_contained(f"{prefix}: {text}" if prefix else text, state.context_framework())
        quote = item
        if len(item.text.split()) < _MIN_QUOTE_WORDS and state.label_start is not None:
            quote = Span("", state.label_start, item.end)
        yield Draft(text=composed, quote=quote, section=state.path, context=state.context_framework())

    def _table_row(self, state: _Reading, cells: tuple[Span, ...]) -> Iterator[Draft]:
        header = state.header or ()
        if header and frameworks.rivals_in(header[0].text):
            yield from self._column_cells(state, header, cells)
            return
        row_label = cells[0]
        for column, cell in enumerate(cells[1:], start=1):
            title = header[column].text if column < len(header) else ""
            column_framework = frameworks.rivals_in(title)
            subject = column_framework[0] if len(column_framework) == 1 else state.context_framework()
            text = f"{row_label.text} — {title}: {cell.text}" if title else f"{row_label.text}: {cell.text}"
            if state.label and not frameworks.rivals_in(text):
                text = f"{state.label} — {text}"
            short = len(cell.text.split()) < _MIN_QUOTE_WORDS
            yield Draft(
                text=_make_self_contained(text, subject),
                quote=Span("", row_label.start, cell.end) if short else cell,
                section=state.path,
                context=subject,
                subject=subject,
                favors=subject,
            )

    def _column_cells(self, state: _Reading, header: tuple[Span, ...], cells: tuple[Span, ...]) -> Iterator[Draft]:
        """Tables whose every column is one framework's list (pros and cons): one claim per cell."""
        for column, cell in enumerate(cells):
            if column >= len(header):
                break
            title = frameworks.normalise_brand(header[column].text)
            named = frameworks.rivals_in(title)
            subject = named[0] if len(named) == 1 else None
            is_con = bool(_CONS_HEADER.search(title))
            favors = frameworks.other(subject) if (subject and is_con) else subject
            yield Draft(
                text=f"{title} — {frameworks.normalise_brand(cell.text)}",
                quote=cell,
                section=state.path,
                context=subject,
                topic_hint="cons" if is_con else None,
                subject=subject,
                favors=favors,
            )

    def _label(self, document: Document, draft: Draft) -> Claim:
        rating = labels.rating_value(draft.text)
        topic = labels.classify_topic(draft.text, draft.section, hint=draft.topic_hint or _section_hint(draft))
        mentioned = frameworks.mentions(draft.text)
        read = reading.read(draft.text)
        subject = draft.subject or _subject(draft.text, draft.context)
        # A claim about the alternatives credits neither of the two rivals; a comparison credits the side its
        # comparative does ("TensorFlow is the smaller install" credits TensorFlow, "... is slower" the other).
        favors = "neither" if topic == "alternatives" else (draft.favors or _favors(read, subject))
        strengths, weaknesses = labels.stance(draft.text, subject, favors, frameworks.RIVALS)
        return Claim(
            id=claim_id(document.id, draft.text),
            document_id=document.id,
            text=draft.text,
            section=draft.section,
            quote=document.text[draft.quote.start : draft.quote.end],
            start=draft.quote.start,
            end=draft.quote.end,
            frameworks=mentioned,
            subject=subject,  # type: ignore[arg-type]
            favors=favors,  # type: ignore[arg-type]
            topic=topic,
            kind=labels.classify_kind(draft.text, topic, rating),  # type: ignore[arg-type]
            testable=hypotheses.is_testable(draft.text, topic),
            rating=rating,
            terms=labels.key_terms(draft.text),
            aspects=labels.aspects(draft.text, draft.section, topic),
            strengths=strengths,
            weaknesses=weaknesses,
        )


def _section_hint(draft: Draft) -> str | None:
    if draft.section and draft.section[-1].strip().lower() == "conclusion":
        return "conclusion"
    return None


def _subject(text: str, context: str | None) -> str:
    """The framework a claim is about: the one it names, else the one the sentence reads as its subject.

    Two frameworks named: a comparison is about the one it says something of ("TensorFlow is smaller than
    PyTorch"), parity or a plain list about both.
    """
    named = frameworks.rivals_in(text, tools=False) or frameworks.rivals_in(text)
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        read = reading.read(text)
        compares = (read.direction or read.exclusive) and not read.parity
        return read.subject if compares and read.subject in frameworks.RIVALS else "both"
    return context or "neither"


def _favors(read: reading.Reading, subject: str) -> str:
    """What the sentence credits: its reading's side when it compares the subject, else the subject."""
    if subject in frameworks.RIVALS and read.subject == subject and (read.direction or read.exclusive):
        return read.favors
    return subject


def extract_claims(document: Document) -> list[Claim]:
    """Claims of one document, longer than a bare label, in document order."""
    return [c for c in ClaimExtractor().extract(document) if len(c.text.split()) >= _MIN_CLAIM_WORDS]
