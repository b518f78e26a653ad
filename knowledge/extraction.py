"""Claim extraction: turn an article into labelled, quotable claims in the author's own words.

Reads headings and numbered sections, splits prose into sentences (pysbd), reads bullet items with
their label ("Key Benefits:" under "1. Debugging Simplicity with PyTorch"), expands tables per row and
column, pairs FAQ questions with their answers, and reads ratings. Captions, "visit:" link lines,
reference lists, bare labels and table separators are not claims.

A claim's ``text`` is the author's words, never rewritten: a sentence of prose or of a list item, a list
item whose sentences are fragments (after its list's label when the item alone is one), a table cell read
with its row and column headings, or a question with its answer. What a reader needs from around it (the
framework a pronoun stands for, the section and label a bullet sits under) goes into ``subject`` and
``context``, which retrieval reads with the text (:attr:`Claim.searchable_text`) and which are never shown as the claim.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from knowledge import frameworks, hypotheses, labels, reading
from knowledge.claims import Claim, claim_id
from knowledge.documents import Document, document_lines
from knowledge.lines import Line, LineKind, Span, without_numbering
from knowledge.quantities import DIGITS, RATE, declared_unit, first_quantity
from knowledge.reading import bounded_whitespace
from knowledge.sentences import SentenceSplitter

EXTRACTOR_VERSION = "14"

_SKIPPED_SECTIONS = re.compile(
    r"^(resources|references|sources|further reading|see also|links|bibliography)$", re.IGNORECASE
)
_CONS_HEADER = re.compile(r"\b(cons?|drawbacks?|weakness(?:es)?|disadvantages?|limitations?)\b", re.IGNORECASE)
_MIN_CLAIM_WORDS = 3
_MIN_QUOTE_WORDS = 4
"""An item shorter than this ("Real-time debugging") is read and cited with its list's label or its row; a bullet
split into sentences shorter than this is read whole."""
_INLINE_LABEL = re.compile(r"^(?P<label>[^\W\d_][\w'’-]*(?:\s[\w'’-]+){0,2}):\s")
"""A bullet's own label ("Cons: ...", "Why it matters: ..."), which its later sentences are read after too."""
_META = re.compile(
    r"\b(this article|this section|readers|by the end|we need to|it[’']s (?:essential|important|helpful)|"
    r"that follow|a visual walkthrough)\b",
    re.IGNORECASE,
)
"""Sentences about the article itself ("By the end, readers will gain..."): they state nothing to cite."""


@dataclass(frozen=True, slots=True)
class Draft:
    """A claim before labelling: the author's words, where they are, and what they were read under."""

    text: str
    quote: Span
    """Where the claim is quoted from; the quote itself is sliced from the document by offsets."""
    section: tuple[str, ...]
    framework: str | None = None
    """The one rival the surrounding paragraph, section or label is about, if exactly one."""
    lead: str = ""
    """Words the claim is read after (a section and a list's label, a table's caption), not part of it,
    ending in the mark that joins them to the claim ("Debugging Simplicity with PyTorch — Key Benefits:")."""
    topic_hint: str | None = None
    subject: str | None = None
    """The framework the claim's frame names (its table column, its FAQ question), whatever the text says."""
    drawback: bool = False
    """Read under a drawbacks heading (a "Cons" column): it credits the other framework."""


@dataclass
class _Reading:
    """Mutable state while walking a document's lines."""

    section: list[tuple[int, str]] = field(default_factory=list)
    label: str | None = None
    label_start: int | None = None
    header: tuple[Span, ...] | None = None
    """The current table's header row; ``()`` for a table with none, whose cells are read as prose."""
    rows: list[tuple[Span, ...]] = field(default_factory=list)
    """The rows read under ``header`` so far: a table is read whole once it ends."""
    question: Span | None = None
    skipping: bool = False
    names: frameworks.DocumentNames = frameworks.NO_NAMES
    """The names the document gives the frameworks ("Option A (PyTorch)"), read as the frameworks."""
    introduction: bool = True
    """Before the first heading of a document that opens with a short lede (:func:`_has_lede`): it sets the scene and
    states nothing to cite. A document without any heading (a forum answer) is all content."""
    sole: str | None = None
    """The one framework a document is about, if it names only one (:func:`_sole`: a tutorial on PyTorch tensors):
    lent to a claim that neither names a framework nor sits under a heading or label that does."""

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(frameworks.normalise_brand(title) for _, title in self.section)

    def rivals(self, text: str, *, tools: bool = True) -> tuple[str, ...]:
        """The rivals ``text`` names, by their own names or by the names the document gives them."""
        return frameworks.rivals_in(self.names.resolve(text), tools=tools)

    def context_framework(self) -> str | None:
        """The one rival the innermost section (or the current label) is about, if exactly one."""
        candidates = [self.label] if self.label else []
        candidates += [title for _, title in reversed(self.section)]
        for title in candidates:
            named = self.rivals(title or "")
            if len(named) == 1:
                return named[0]
            if named:
                return None
        return self.sole


class ClaimExtractor:
    """Stateless between documents: ``extract(document)`` may be called for any number of them."""

    def __init__(self, splitter: SentenceSplitter | None = None) -> None:
        self._splitter = splitter or SentenceSplitter()

    def extract(self, document: Document) -> list[Claim]:
        claims: list[Claim] = []
        seen: set[str] = set()
        lines = list(document_lines(document))
        names = frameworks.defined_names([text for line in lines for text in _texts(line)])
        for draft in self._drafts(lines, names):
            claim = _to_claim(document, draft, names)
            if claim.id in seen:
                continue
            seen.add(claim.id)
            claims.append(claim)
        return claims

    def _drafts(self, lines: list[Line], names: frameworks.DocumentNames) -> Iterator[Draft]:
        sole = _sole(lines, names)
        state = _Reading(introduction=sole is None and _has_lede(lines), names=names, sole=sole)
        for index, line in enumerate(lines):
            if state.rows and line.kind not in {LineKind.TABLE_ROW, LineKind.SEPARATOR}:
                yield from self._table(state)
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
            elif line.kind is LineKind.TABLE_ROW and line.headless:
                yield from self._table_row(state, line.cells, ())
            elif line.kind is LineKind.TABLE_ROW:
                if state.header is None and _reads_as_prose(line.cells):
                    state.header = ()  # a table that opens with sentences has no header row to read rows under
                if state.header == ():
                    state.question = None  # a table is no answer to the question above it
                    for cell in line.cells:
                        yield from self._prose(state, cell)
                elif state.header is None:
                    state.header = line.cells
                else:
                    state.rows.append(line.cells)
            elif line.kind is LineKind.BULLET:
                yield from self._bullet(state, line.span)
            else:
                yield from self._prose(state, line.span)
                state.question = None
            next_kind = lines[index + 1].kind if index + 1 < len(lines) else LineKind.BLANK
            if line.kind is not LineKind.TABLE_ROW and next_kind not in {LineKind.TABLE_ROW, LineKind.SEPARATOR}:
                state.header = None
        if state.rows:
            yield from self._table(state)

    def _table(self, state: _Reading) -> Iterator[Draft]:
        """A table's rows under its header: a row per framework compares its columns' figures across rows
        ("Framework | Install size" with a PyTorch and a TensorFlow row); other tables are read row by row."""
        rows, state.rows = state.rows, []
        header = state.header or ()
        compared: dict[int, list[tuple[Span, ...]]] = {}
        named: list[tuple[Span, ...]] = []
        if header and not state.rivals(header[0].text):
            named = [row for row in rows if len(state.rivals(row[0].text)) == 1]
            compared = _compared_columns(header, named)
            for column, with_figures in compared.items():
                yield from _column_comparisons(state, header, with_figures, column)
        for row in rows:
            if row not in named or not compared:
                yield from self._table_row(state, row, header)
                continue
            kept = tuple(cell for column, cell in enumerate(row) if column not in compared)
            titles = tuple(cell for column, cell in enumerate(header) if column not in compared)
            yield from self._table_row(state, kept, titles)

    def _enter_section(self, state: _Reading, line: Line) -> None:
        while state.section and state.section[-1][0] >= line.level:
            state.section.pop()
        state.section.append((line.level, line.span.text))
        state.introduction = False
        state.label = state.label_start = state.header = state.question = None
        state.skipping = bool(_SKIPPED_SECTIONS.match(without_numbering(line.span.text)))

    def _prose(self, state: _Reading, span: Span) -> Iterator[Draft]:
        if state.question is not None:
            yield _faq(state, state.question, span)
            return
        if state.introduction:
            return
        paragraph_framework = state.context_framework()
        for sentence in self._splitter.split(span):
            if _META.search(sentence.text):
                continue
            named = state.rivals(sentence.text)
            if len(named) == 1:
                paragraph_framework = named[0]
            yield Draft(text=sentence.text, quote=sentence, section=state.path, framework=paragraph_framework)

    def _bullet(self, state: _Reading, item: Span) -> Iterator[Draft]:
        """A bullet is read as its sentences, as prose is ("Pros: Dynamic graphs mirror plain Python. The Module
        pattern feels natural."), each under the list's label and framework; a fragment is read after its label."""
        framework = state.context_framework()  # the card's or label's, even where a sentence names the rival
        if len(item.text.split()) < _MIN_QUOTE_WORDS and state.label_start is not None:
            text = f"{state.label}: {item.text}"
            quote = Span("", state.label_start or 0, item.end)
            lead = _bullet_lead(state, text, short=True)
            yield Draft(text=text, quote=quote, section=state.path, framework=framework, lead=lead)
            return
        sentences = self._splitter.split(item)
        if len(sentences) < 2 or any(len(s.text.split()) < _MIN_QUOTE_WORDS for s in sentences):
            sentences = [item]  # "Rating: 9/10. Best for research.", "Fast. Small. Great docs.": read whole
        inline = _INLINE_LABEL.match(sentences[0].text) if len(sentences) > 1 else None
        for number, sentence in enumerate(sentences):
            # "Cons: Deployment needs tooling. Mobile support trails." is all under "Cons"
            own = inline.group("label") if number and inline else ""
            lead = _bullet_lead(state, sentence.text, short=False, own=own)
            yield Draft(text=sentence.text, quote=sentence, section=state.path, framework=framework, lead=lead)

    def _table_row(self, state: _Reading, cells: tuple[Span, ...], header: tuple[Span, ...]) -> Iterator[Draft]:
        if header and state.rivals(header[0].text):
            yield from _column_cells(state, header, cells)
            return
        row_label = cells[0]
        declared = any(declared_unit(cell.text) for cell in (cells[0], *header))  # its own units come first
        above = "" if declared else _unit_above(state)
        compared = _compared_cells(state, header, cells, above)
        qualifiers = _qualifiers(state, header, cells) if compared else ()
        for pair in itertools.combinations(compared, 2):  # each pair of columns: eager, compiled, per framework
            yield _row_comparison(state, header, cells, pair, qualifiers, above)
        for column, cell in enumerate(cells[1:], start=1):
            if not cell.text or column in compared or column in qualifiers:
                continue  # empty, or compared above
            if compared and _NOT_GIVEN.fullmatch(cell.text):
                continue  # a cell of a compared row that gives nothing ("--")
            title = header[column].text if column < len(header) else ""
            column_framework = state.rivals(title)
            subject = column_framework[0] if len(column_framework) == 1 else state.context_framework()
            text = f"{row_label.text} — {title}: {cell.text}" if title else f"{row_label.text}: {cell.text}"
            short = len(cell.text.split()) < _MIN_QUOTE_WORDS
            yield Draft(
                text=text,
                quote=Span("", row_label.start, cell.end) if short else cell,
                section=state.path,
                framework=subject,
                lead=f"{state.label} —" if state.label and not state.rivals(text) else "",
                subject=subject,
            )


def _compared_columns(header: tuple[Span, ...], named: list[tuple[Span, ...]]) -> dict[int, list[tuple[Span, ...]]]:
    """The columns of a table with a row per framework whose figures compare the frameworks, each with the rows
    that give it a figure of one dimension (at least two rows with labels of their own)."""
    compared: dict[int, list[tuple[Span, ...]]] = {}
    for column in range(1, len(header)):
        unit = declared_unit(header[column].text)  # "Import time (s)" over bare figures
        given = [(row, first_quantity(row[column].text, unit)) for row in named if column < len(row)]
        with_figures = [row for row, figure in given if figure is not None]
        dimensions = {figure.dimension for _, figure in given if figure is not None}
        if len({row[0].text for row in with_figures}) >= 2 and len(dimensions) == 1:
            compared[column] = with_figures
    return compared


def _column_comparisons(
    state: _Reading, header: tuple[Span, ...], rows: list[tuple[Span, ...]], column: int
) -> Iterator[Draft]:
    """One claim per pair of rows ("Import time — PyTorch: 1.3 s; TensorFlow: 3.9 s"): a third row (TensorFlow
    with ``tf.function``) is compared with each of the others, and the linker keeps the pairs a job compares."""
    for index, first in enumerate(rows):
        for second in rows[index + 1 :]:
            figures = f"{first[0].text}: {first[column].text}; {second[0].text}: {second[column].text}"
            yield Draft(
                text=f"{header[column].text} — {figures}",
                quote=Span("", first[0].start, second[column].end),
                section=state.path,
                framework=state.context_framework(),
            )


def _compared_cells(state: _Reading, header: tuple[Span, ...], cells: tuple[Span, ...], above: str) -> tuple[int, ...]:
    """The columns of a comparison table's row that give each framework a figure of one kind (a size, a time).

    Header "Aspect | PyTorch | TensorFlow", row "Installed size | 666 MB | 1,212 MB": the row compares, and
    is read whole, since one cell alone ("Installed size — PyTorch: 666 MB") claims nothing. A cell that gives no
    figure ("--", "n/a") is left out ("CNN inference (ms) | 9.2 | -- | 6.0 | --" compares 9.2 with 6.0). Empty when
    fewer than two framework cells give figures of one dimension, or one gives words instead ("fails").
    """
    columns = [
        column for column in range(1, min(len(header), len(cells))) if len(state.rivals(header[column].text)) == 1
    ]
    if not columns:
        return ()
    unit = declared_unit(cells[0].text) or declared_unit(header[0].text) or above  # "Import time (s) | 1.7 | 3.9"
    figures = {column: first_quantity(cells[column].text, unit) for column in columns}
    given = [column for column, figure in figures.items() if figure is not None]
    counts = [column for column in columns if _BARE_FIGURE.fullmatch(cells[column].text)]
    label = f"{cells[0].text} {header[0].text}"
    not_counts = _NOT_A_COUNT.search(label) is not None and not RATE.search(label)  # "Speed-up (x)"; "(req/s)" reads
    bare = all(column in counts or _NOT_GIVEN.fullmatch(cells[column].text) for column in columns)
    if not given and not not_counts and len(counts) >= 2 and bare:
        return tuple(counts)  # bare counts or scores: "Tuning trials completed (of 50) | 50 | 44"
    if any(figures[column] is None and not _NOT_GIVEN.fullmatch(cells[column].text) for column in columns):
        return ()
    if len(given) < 2 or len({figure.dimension for figure in figures.values() if figure is not None}) != 1:
        return ()
    return tuple(given)


_NOT_A_COUNT = re.compile(
    r"\((?:x|×|%)\)|/\s*\w+|\bper\b|speed-?ups?|ratios?|throughput"
    r"|\b(?:fail\w*|errors?|errored|crash\w*|pruned|remaining|skipped|left)\b",
    re.IGNORECASE,
)
"""A label whose bare numbers are ratios, shares, rates or counts of what went wrong: which way is better is not a
count of what was done."""


def _reads_as_prose(cells: tuple[Span, ...]) -> bool:
    """Whether a table's first row is sentences, not column titles ("Developed by Google. | Developed by Meta." in a
    comparison table pasted without its header): a title names what a column holds and ends no sentence."""
    return any(len(cell.text.split()) >= 3 and cell.text.rstrip().endswith((".", "!", "?")) for cell in cells)


_BARE_FIGURE = re.compile(rf"\s*(?!(?:19|20)\d\d\s*$){DIGITS}\s*")
"""A cell that is a number alone: a count or a score, compared as the row's label says (the linker reads which way)."""
_NOT_GIVEN = re.compile(r"\s*(?:[-–—]+|n/?a|none|not (?:measured|run|tested))?\s*", re.IGNORECASE)
"""A cell that gives no figure ("--", "n/a", empty): the row compares the columns that give one."""


def _qualifiers(state: _Reading, header: tuple[Span, ...], cells: tuple[Span, ...]) -> tuple[int, ...]:
    """The columns of a compared row that say under what its figures were measured, not what they are: a cell that
    names only a mode or a device, under a heading that names no framework ("Mode: eager", "Device: CPU"); a verdict
    ("Winner: TensorFlow") or a note ("OOM on TF") stays a claim of its own."""
    return tuple(
        column
        for column in range(1, min(len(header), len(cells)))
        if not state.rivals(header[column].text) and reading.names_setting(cells[column].text)
    )


def _row_comparison(
    state: _Reading,
    header: tuple[Span, ...],
    cells: tuple[Span, ...],
    columns: tuple[int, ...],
    qualifiers: tuple[int, ...] = (),
    unit: str = "",
) -> Draft:
    figures = "; ".join(f"{header[column].text}: {cells[column].text}" for column in columns)
    label = f"{cells[0].text} ({unit})" if unit else cells[0].text  # the unit its section heading declares
    if qualifiers:  # "CNN train step (ms) (compiled, CPU) — PyTorch 2.6: 27; TensorFlow 2.19: 31"
        label += f" ({', '.join(cells[column].text for column in qualifiers)})"
    return Draft(
        text=f"{label} — {figures}",
        quote=Span("", cells[0].start, cells[columns[-1]].end),
        section=state.path,
        framework=state.context_framework(),
    )


def _unit_above(state: _Reading) -> str:
    """The unit the table's label or section heading declares for its bare figures ("STEP TIMES (ms, lower is
    better)"); '' where neither declares one."""
    return declared_unit(state.label or "") or declared_unit(state.path[-1] if state.path else "")


def _bullet_lead(state: _Reading, text: str, short: bool, own: str = "") -> str:
    """The section a bullet sits under and its list's label, unless the bullet names a framework itself; then the
    bullet's ``own`` label, which an earlier sentence of the same bullet gave ("Cons:"), whichever it names."""
    if state.rivals(text, tools=False):
        return f"{own}:" if own else ""
    section = without_numbering(state.path[-1]) if state.path else ""
    words = " — ".join(part for part in ((section,) if short else (section, state.label, own)) if part)
    if not words:
        return ""
    return f"{words} —" if short else f"{words}:"


def _faq(state: _Reading, question: Span, answer: Span) -> Draft:
    asked = state.rivals(question.text) or state.rivals(answer.text)
    subject = asked[0] if asked else None
    return Draft(
        text=f"{question.text} {answer.text}",
        quote=Span("", question.start, answer.end),
        section=state.path,
        framework=subject,
        subject=subject,
    )


def _column_cells(state: _Reading, header: tuple[Span, ...], cells: tuple[Span, ...]) -> Iterator[Draft]:
    """Tables whose every column is one framework's list (pros and cons): one claim per cell."""
    for column, cell in enumerate(cells):
        if column >= len(header):
            break
        if not cell.text:
            continue
        title = header[column].text
        named = state.rivals(title)
        subject = named[0] if len(named) == 1 else None
        is_con = bool(_CONS_HEADER.search(title))
        yield Draft(
            text=f"{title} — {cell.text}",
            quote=cell,
            section=state.path,
            framework=subject,
            topic_hint="cons" if is_con else None,
            subject=subject,
            drawback=is_con,
        )


MIN_SOLE_MENTIONS = 2
"""Lines that must name a document's one framework before it is taken for what the document is about: a passing
"much as PyTorch did" in a page on JAX does not make it a PyTorch page."""


MAX_LEDE_LINES = 3
"""Content lines (paragraphs, items, rows) before the first heading that still read as a lede that sets the scene;
more is the document's body under a late heading (a post whose "Comments" heading follows all of it)."""
_CONTENT = {LineKind.PARAGRAPH, LineKind.BULLET, LineKind.TABLE_ROW, LineKind.QUESTION, LineKind.LABEL}


def _has_lede(lines: list[Line]) -> bool:
    """Whether the document opens with a lede to pass over: a few content lines before its first heading. A document
    with no heading is all content, and so is one whose first heading comes after more than :data:`MAX_LEDE_LINES`
    of them. (A document about one framework has no lede to pass over either: its opening says what that framework
    does, as a reference page's definition does; the caller checks that.)"""
    first = next((index for index, line in enumerate(lines) if line.kind is LineKind.HEADING), None)
    if first is None:
        return False
    return sum(line.kind in _CONTENT for line in lines[:first]) <= MAX_LEDE_LINES


def _sole(lines: list[Line], names: frameworks.DocumentNames) -> str | None:
    """The one framework a document is about, if it names only one (PyTorch or TensorFlow, by its own name or a name
    the document defines for it: not a tool, an owner or another framework such as JAX) in at least
    :data:`MIN_SOLE_MENTIONS` of its lines; what it says of no framework it says of that one."""
    seen: dict[str, int] = {}
    for line in lines:
        for name in dict.fromkeys(
            name for text in _texts(line) for name in frameworks.mentions(names.resolve(text), tools=False)
        ):
            seen[name] = seen.get(name, 0) + 1
    if len(seen) != 1:
        return None
    ((name, count),) = seen.items()
    return name if name in frameworks.RIVALS and count >= MIN_SOLE_MENTIONS else None


def claim_context(draft: Draft) -> str:
    """What a reader needs before the claim's words: the lead it sits under and, when neither names that
    framework, the framework it was read under ("PyTorch:" for "This makes it an incredibly flexible tool", and
    for "Roughly a third of TensorFlow's install size" in PyTorch's list of pros)."""
    lead = frameworks.normalise_brand(draft.lead)
    framework = draft.subject or draft.framework
    if framework in frameworks.RIVALS and framework not in frameworks.mentions(f"{lead} {draft.text}"):
        return f"{frameworks.display(framework)}: {lead}".strip()
    return lead


def _label(draft: Draft, topic: str, context: str) -> tuple[str, str]:
    """(subject, favors): the framework the claim is about and the one it credits.

    The one place these are decided: a comparison credits the side its comparative does ("TensorFlow is the
    smaller install" credits TensorFlow, "... is slower" the other), read by :mod:`knowledge.reading` with the
    claim's context, which lends the subject of a comparison whose only framework is its object ("roughly a
    third of TensorFlow's on disk" in PyTorch's pros is about PyTorch).
    """
    subject = draft.subject or _subject(draft.text, draft.framework)
    if topic == "alternatives":  # a claim about the alternatives credits neither of the two rivals
        return subject, "neither"
    if draft.drawback and draft.subject:
        return subject, frameworks.other(subject)
    read = reading.read(draft.text, context)
    lent = read.subject in frameworks.RIVALS and read.subject not in frameworks.rivals_in(draft.text)
    if not draft.subject and lent and (read.direction or read.exclusive):
        subject = read.subject
    return subject, _favors(read, subject)


def _to_claim(document: Document, draft: Draft, names: frameworks.DocumentNames = frameworks.NO_NAMES) -> Claim:
    written = draft
    used = names.used_in(f"{draft.lead} {draft.text}")
    # read with its names, and with no run of whitespace long enough to slow the reading (the claim keeps its text)
    draft = replace(draft, text=bounded_whitespace(used.resolve(draft.text)), lead=used.resolve(draft.lead))
    context = claim_context(draft)
    reading = frameworks.normalise_brand(f"{context} {draft.text}" if context else draft.text)
    rating = labels.rating_value(reading)
    topic = labels.classify_topic(reading, draft.section, hint=draft.topic_hint or _section_hint(draft))
    subject, favors = _label(draft, topic, context)
    strengths, weaknesses = labels.stance(reading, subject, favors, frameworks.RIVALS)
    return Claim(
        id=claim_id(document.id, written.text),
        document_id=document.id,
        text=written.text,
        section=draft.section,
        quote=document.text[draft.quote.start : draft.quote.end],
        start=draft.quote.start,
        end=draft.quote.end,
        frameworks=_frameworks_of(draft, reading, subject),
        subject=subject,  # type: ignore[arg-type]
        favors=favors,  # type: ignore[arg-type]
        topic=topic,
        kind=labels.classify_kind(reading, topic, rating),  # type: ignore[arg-type]
        testable=hypotheses.is_testable(draft.text, topic, context),
        rating=rating,
        terms=labels.key_terms(reading),
        aspects=labels.aspects(reading, draft.section, topic),
        strengths=strengths,
        weaknesses=weaknesses,
        context=context,
        names=used.names,
    )


def _texts(line: Line) -> tuple[str, ...]:
    """What a line says where a document may define a name: its text, and each of a table row's cells."""
    return (line.span.text, *(cell.text for cell in line.cells or ()))


def _frameworks_of(draft: Draft, read_in_context: str, subject: str) -> tuple[str, ...]:
    """The frameworks a claim names, else the one it was read under; and its subject where the context lent it
    ("roughly a third of TensorFlow's on disk" in PyTorch's pros names TensorFlow and is about PyTorch)."""
    named = frameworks.mentions(frameworks.normalise_brand(draft.text)) or frameworks.mentions(read_in_context)
    return named if subject not in frameworks.RIVALS or subject in named else (subject, *named)


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
    if subject in frameworks.RIVALS and read.subject == subject and (read.direction or read.exclusive or read.fails):
        return read.favors
    return subject


def extract_claims(document: Document, extractor: ClaimExtractor | None = None) -> list[Claim]:
    """Claims of one document, longer than a bare label, in document order."""
    claims = (extractor or ClaimExtractor()).extract(document)
    return [c for c in claims if len(c.text.split()) >= _MIN_CLAIM_WORDS]
