"""What one sentence says about PyTorch and TensorFlow: who it is about, and which way it leans.

The reading is grammar, not vocabulary of any one article: the frameworks and modes it names (exact
names: a regex is right for those), the comparative it makes and its polarity (faster/slower, sooner,
takes longer, lighter/heavier, larger/smaller, more/less), a negation that reverses it ("is not
slower than", "no longer"), exclusivity ("only PyTorch can"), parity ("neither is ahead", "the same"),
the device it names, and whether it asserts anything at all (:mod:`knowledge.assertion`: a question, a reported
view, a myth it tests, a counterfactual, an instruction, a caption, a plan, an outline, an experience not had or a
release's history does not).

:func:`read` is what the extractor uses for a claim's ``subject`` and ``favors`` and what the claim
linker (:mod:`evaluators.linking`) turns into a hypothesis once it knows the property a sentence is about.
Standard library only: the serving process reads every ingested sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from knowledge import frameworks
from knowledge.assertion import asserts
from knowledge.quantities import (
    DURATION,
    RATE,
    Quantity,
    compare,
    declared_unit,
    first_quantity,
    quantities,
    rate_figure,
    unit_left_out,
)

PYTORCH, TENSORFLOW = "pytorch", "tensorflow"
EAGER, COMPILED = "eager", "compiled"
BETTER, WORSE, LESS, MORE = "better", "worse", "less", "more"
PARITY = "parity"
REVERSED = {BETTER: WORSE, WORSE: BETTER, LESS: MORE, MORE: LESS}

_NAME_RES = frameworks.NAMES_WITH_MODE
"""Exact framework names (and the two compilers, which name their mode too), from the vocabulary module."""
_MODE_RE = re.compile(
    r"\b(?:(?P<eager>eager(?:ly)?|plain (?:python|pytorch))"
    r"|(?P<compiled>compiled|compiling|compile|graph[- ](?:mode|versions?|execution)|traced|tracing"
    r"|static (?:computational )?graphs?"
    r"|define-before-run))\b",
    re.IGNORECASE,
)
DEVICE_WORDS = r"(?P<gpu>gpus?|cuda)|(?P<cpu>cpus?)"
"""The words that name a device, a group each (``gpu``, ``cpu``): the one place the linker's patterns take them from."""
_DEVICE_RE = re.compile(rf"\b(?:{DEVICE_WORDS})\b", re.IGNORECASE)

SPEED, WEIGHT = "speed", "weight"
_FRACTIONS = (
    r"half|a third|two[- ]thirds|a quarter|three[- ]quarters|a fraction|a tenth|a fifth|(?:two|three|four)[- ]fifths"
)
"""A part of the other side's figure ("half of", "a fraction of TensorFlow's time", "a third the memory")."""
_AGAINST = r"(?=.{0,60}\b(?:compared (?:to|with)|relative to|next to|versus|vs\.?|than|against)\b)"
"""A plain adjective ("slow", "fast") compares only when the sentence sets it against something."""
_NOT_A_PROPERTY = (
    r"(?![\s-]+(?:surprise|difference|win|loss|gap|change|problem|issue|reason|question|deal|factor|risk|lesson"
    r"|takeaway|thing|part|pain|headache|fan|fans|user|users|community|communities|company|companies|share|growing"
    r"|adopter|adopters|ecosystem|name|names|player|players|lever|gain|gains|improvement|boost|effect|impact|payoff"
    r"|jump|drop|speed-?up)\b)"
)
"""What a superlative may not qualify to compare a measured property ("the biggest surprise", "fastest-growing", "the
biggest lever": the size of an effect, not of a framework)."""
_MANNER = r"(?!\s+(?!(?:costly|early|daily|weekly|monthly|hourly|only|friendly|supply|family|assembly)\b)\w+ly\b)"
"""After "less" or "more": no adverb of manner ("put less formally", "more likely"); "less costly" compares."""
_EASE_OF = r"(?=\s+(?:to|than|in|inside|under|with|for|because|due|when|once|if|\w+ing)\b|\s*[,.;:!?)]|\s*$)"
"""An ease comparative qualifies doing something ("easier to debug", "easier debugging", "harder inside tf.function"),
not a verb ("pushes the GPU harder and trains faster")."""
_COMPARATIVES: tuple[tuple[str, str, str], ...] = (
    (rf"(?:fastest|quickest|speediest|snappiest){_NOT_A_PROPERTY}", BETTER, SPEED),
    (rf"slowest{_NOT_A_PROPERTY}", WORSE, SPEED),
    (rf"(?:smallest|lightest|leanest|slimmest|tiniest){_NOT_A_PROPERTY}", LESS, WEIGHT),
    (rf"(?:largest|biggest|heaviest|fattest|bulkiest|chunkiest|hungriest){_NOT_A_PROPERTY}", MORE, WEIGHT),
    (
        r"(?:twice|three times|\d+(?:\.\d+)?x|\w+ times) as (?:fast|quick)"
        r"|(?:in )?(?:about |roughly )?(?:half|a third|a quarter|a fraction) of the time"
        r"|more (?:quickly|rapidly)|(?:higher|more|greater|better) (?:\w+ ){0,2}throughput|\d+(?:\.\d+)?\s?x over"
        r"|(?:twice|double|three times|\d+(?:\.\d+)?x|[\d.]+ times|\w+ times) the (?:\w+ )?throughput"
        r"|(?:half|a third|a quarter|a fraction|two thirds|three quarters) as long"
        # a gain in percent or times: "torch.compile buys about 19% over eager PT", "gave me 25% on the P100"
        r"|(?:buys?|bought|gives?|gave|brings?|brought|yields?|yielded|wins?|won)"
        r" (?:(?:me|us|you|them|about|roughly|around|only|just|another|a|a further)\s+){0,2}~?\d+(?:\.\d+)?\s?(?:%|x)"
        r"\s+(?:over|on|for|in|with|against)",
        BETTER,
        SPEED,
    ),
    (
        r"faster|quicker|sooner|earlier|snappier|speedier|zippier|swifter|nimbler|speeds? (?:\w+ )?up|sped (?:\w+ )?up"
        r"|speed-?ups?"
        r"|outpac\w*|outruns?",
        BETTER,
        SPEED,
    ),
    (rf"(?:fast|quick|snappy|speedy|instant){_AGAINST}", BETTER, SPEED),
    (
        r"outperforms?|beats?|wins|won(?!['’]t)|ahead|better|edg(?:es|ed|ing)? out|favou?r(?:s|ed)"
        r"|(?:performance|speed) (?:benefits?|advantages?|gains?)|advantages? over"
        r"|(?:an?|the|its|their) (?:\w+ )?edge over",
        BETTER,
        "",
    ),
    (
        r"slower|takes? (?:\w+ )?longer|longer|(?:twice|three times|\d+(?:\.\d+)?x|\w+ times) as (?:long|slow)"
        r"|half again as (?:long|slow)"
        r"|takes? (?:ages|forever)|crawls?",
        WORSE,
        SPEED,
    ),
    (rf"(?:slow|sluggish){_AGAINST}|more slowly|less quickly|(?:lower|less) (?:\w+ ){{0,2}}throughput", WORSE, SPEED),
    (r"behind|lag(?:s|ged|ging)?|trail(?:s|ed|ing)?|worse|loses? to|lost (?:on|out|to)|loses (?:on|out)", WORSE, ""),
    (
        rf"(?:easier|simpler|friendlier|more intuitive|less painful|more straightforward|more user-friendly){_EASE_OF}",
        BETTER,
        "",
    ),
    (
        rf"(?:harder|more difficult|trickier|clunkier|more painful|more cumbersome|more challenging|more complicated"
        rf"|tougher|more tedious|more error-prone|less intuitive|less straightforward|less user-friendly){_EASE_OF}",
        WORSE,
        "",
    ),
    (
        rf"(?:less challenging|less complicated|less tedious|less error-prone|less cumbersome"
        rf"|less difficult){_EASE_OF}",
        BETTER,
        "",
    ),
    (
        r"smaller|lighter|leaner|slimmer|trimmer|tinier|shr[iau]nk\w*|(?:half|a fraction of) the size",
        LESS,
        WEIGHT,
    ),
    (  # "in 38% of TensorFlow's time", "at roughly two thirds of TensorFlow's", "a fraction of its eager time",
        # "half the resident memory of", "shaves 14% off", "50 MB below the torch one"
        rf"(?:\d+(?:\.\d+)?\s?%|{_FRACTIONS}) of "
        r"(?:the |its |their |what |(?:eager |compiled |graph-mode )?\w+['’]s?(?!\w))"
        rf"|(?:{_FRACTIONS}) the"
        r"|(?:shaves?|shaved|trims?|trimmed|knocks?|knocked|takes?|took) (?:\S+ ){1,3}off|trimmed|shaved"
        r"|\d+(?:\.\d+)?\s?(?:%|[a-z]{1,3}) (?:below|under)"
        r"|(?<![\d.])0?\.\d+\s?(?:x|times)(?!\s+(?:faster|quicker|slower))",
        LESS,
        "",
    ),
    (
        rf"less{_MANNER}|lower|fewer|cheaper|shorter|dropped|drops|fell|halved|halves|cuts?|reduced|reduces"
        r"|reductions?"
        r"|decreased|went down",
        LESS,
        "",
    ),
    (
        r"bigger|larger|heavier|bloated|fatter|chunkier|beefier|bulkier|heftier|hogs?|heavyweight"
        r"|(?:twice|double|three times|\d+(?:\.\d+)?x|\w+ times) (?:the size|as (?:big|large|heavy))",
        MORE,
        WEIGHT,
    ),
    (  # "2.1 times the resident memory of": more of it; "twice the throughput" is speed (above); "2.6 times PT's"
        r"(?:twice|double|three times|\d+(?:\.\d+)?x|[\d.]+ times|\w+ times) (?:the|as much)\b"
        r"(?!\s+(?:\w+\s+)?(?:throughput|speed|performance|rate)\b)"
        r"|(?:twice|double|\d+(?:\.\d+)?\s?x|[\d.]+ times|(?:two|three|four|five|ten) times)(?= [\w.]+['’]s\b)",
        MORE,
        "",
    ),
    (
        rf"more{_MANNER}|higher|hungrier|greedier|thirstier|doubled|tripled|ballooned|grew|increased|increases?"
        r"|went up"
        r"|\d+(?:\.\d+)?\s?(?:%|[a-z]{1,3}) above",
        MORE,
        "",
    ),
)
"""Comparatives: the pattern, its polarity, and the kind of comparison it makes on its own (speed, weight). "Less" or
"more" before an adverb qualifies a manner ("put less formally", "more likely"), not a quantity."""
_COMPARATIVE_RES = tuple((re.compile(rf"\b(?:{p})\b", re.IGNORECASE), d, k) for p, d, k in _COMPARATIVES)
_EASE_RES = frozenset(regex for regex, _, _ in _COMPARATIVE_RES if _EASE_OF in regex.pattern)
"""The ease comparatives: a sentence's direction comes from them only when it compares nothing else ("TensorFlow is
harder to learn but trains faster than PyTorch" credits TensorFlow's speed)."""
_NEGATORS = re.compile(
    r"\b(?:not|never|no longer|no|isn['’]t|aren['’]t|wasn['’]t|doesn['’]t|don['’]t)\b|n['’]t\b", re.I
)
_PARITY = re.compile(
    r"\b(?:(?:at|reach(?:es)?|holds?|about|exactly|is|are|finish(?:es)?) (?:about )?the same|"
    r"just as|every bit as|as (?:fast|quickly|easily|well|good) as|equally|"
    r"perform(?:s|ed|ing)? (?:about |roughly |very )?(?:similarly|comparably|equally)|comparable (?:for|on|across) |"
    r"similar (?:speeds?|performance|step times?)|can(?:['’]?t|not) tell (?:them|the two|the frameworks) apart|"
    r"within (?:about )?\d+(?:\.\d+)? ?(?:%|percent) either way)\b"
    r"|(?::|\s→|\s->)\s*(?:comparable|similar|equal|even|tied?)(?=\s*[.!]?\s*$)",
    re.IGNORECASE,
)
"""Parity that a comparative in the same sentence overrides ("twice as fast as" is a comparative; "both perform
similarly in training, but TensorFlow's install is twice as large" compares the installs). Everyday words of a tie
("can't tell them apart", "within 3% either way") and a listed item or table cell whose whole value, after its label's
colon or arrow, is a word of parity ("Training speed — PyTorch: Comparable") are parity too."""
_STRONG_PARITY = re.compile(
    r"\b(?:neither\b.{0,60}\b(?:ahead|faster|slower|lighter|heavier|smaller|bigger|better|advantage|edge|lead)|"
    r"on (?:a )?par|nothing to choose|a wash|negligible|neck and neck|dead heat|"
    r"no (?:real |meaningful |measurable |noticeable |material |significant |notable |appreciable )?"
    r"(?:difference|gain|speed-?up|improvement|benefit)|"
    r"(?:broadly|roughly|essentially|largely) equivalent|equivalent (?:\w+ )?(?:loss|results?|speeds?|times?|accuracy)|"
    r"comparable (?:\w+ )?(?:latenc\w*|speeds?|times?|performance|sizes?|memory|footprints?|results?)|"
    r"a (?:tie|draw)|(?:basically |essentially )?tied|same ballpark|within (?:the )?noise|"
    r"level with|(?:came|come|comes|finished|ended|ends) (?:out |up )?level|"
    r"within (?:about )?\d+(?:\.\d+)? ?(?:%|percent) of|indistinguishable|"
    r"within (?:about )?\d+(?:\.\d+)? ?[a-z]{1,7} of (?:each other|one another)|"
    r"(?:inside|within) (?:the |our )?(?:[\w-]+ )?noise|"
    r"(?:roughly|about|around|nearly|almost|essentially|basically|pretty much) the same|"
    r"(?:the )?same (?:best )?(?:speed|time|step time|import time|size|install size|memory|ram|footprint|"
    r"performance|results?|outputs?|(?:validation |val )?loss))\b",
    re.IGNORECASE,
)
"""Parity no comparative overrides."""
_EXCLUSIVE = re.compile(r"(?<!not )\bonly\s+(?:the\s+)?$", re.IGNORECASE)
_FAILURE = re.compile(
    r"\b(?:cannot|can['’]t|can not|unable to|fails?|failed|does not work|doesn['’]t work|not supported|"
    r"doesn['’]t support|does not support|only ever|broke|breaks|broken|crash(?:es|ed)?|chokes?|choked|"
    r"never (?:got|managed|worked|ran|loaded)|could(?:n['’]t| not)|did(?:n['’]t| not) work|would(?:n['’]t| not)|"
    r"won['’]t|rejects?|rejected|refuses?|refused|"
    r"never (?:reproduced|round-tripped|executed|agreed|answered|reloaded|showed|matched|gave|produced)|"
    r"stop(?:s|ped)? (?:working|with|agreeing|matching))\b",
    re.IGNORECASE,
)
_CAPABILITY = re.compile(
    r"\b(?:works?|worked|runs?|ran|supports?|supported|loads?|loaded|saves?|exports?|exported|converts?|converted|"
    r"shares?|wraps?|gives?|lets?|can|could|handles?|shows?|sees|returns?|found|serves?|writes?|answers?|"
    r"has|have|offers?|provides?|includes?|available|allows?|enables?|by default|out of the box|without|"
    r"(?:makes?|made) (?:\w+ ){0,4}(?:easy|easier|painless|simple|trivial|possible|straightforward|seamless)|"
    r"does|did|gets?|got|takes? care|just works|one-liner|see|gave|matched|match(?:es)?|produced|passes|passed|"
    r"is (?:easy|simple|straightforward|trivial|painless|seamless)|(?:is|are) (?:now )?the default|ships?|shipped|"
    # what a thing is good for, in a reviewer's words ("TensorFlow is strong for deployment ... through TensorFlow
    # Lite", "TFLite is designed for phones")
    r"(?:is|are|remains?) (?:(?!not\b|never\b|hardly\b)\w+ )?"
    r"(?:strong|great|good|ideal|perfect|excellent|well[- ]suited|suited|designed|built"
    r"|optimi[sz]ed|made) (?:for|at)|"
    # verbs of a result that held, in the active voice ("reproduced the Keras outputs", "agreed with Keras",
    # "answered on the first try", "showed real values", "reloaded fine"); a participle ("wrapped in", "written")
    # states no result
    r"showed|answered|produces?|reproduc(?:es?|ed)|agree[sd]? with|execut(?:es?|ed)|"
    # what a framework's strengths are ("One of the standout features of PyTorch is its dynamic graph")
    r"(?:features?|strengths?|advantages?|highlights?|selling points?|benefits?|hallmarks?)\s+of\s+(?:the\s+)?"
    r"[\w.]+(?:['’]s)?(?:\s+[\w.]+)?(?:\s+over\s+[\w.]+)?\s+(?:(?:is|are|was|were)\s+(?:its|their|the|that|a|an)\b|includes?)|"
    r"reloads?|reloaded|round-trips?|round-tripped|installs? cleanly|installed cleanly)\b",
    re.IGNORECASE,
)
"""Predicates that state what something does or can do: a capability claim needs one."""
_TICKS = "[✅✔✓☑]"
_CROSSES = "[✗✘❌]"
"""The marks a checks table or list gives a pass and a failure (:data:`_NEGATIVE_ITEM` also takes "×" after a label)."""
_TICK = re.compile(_TICKS)
"""A tick says that what it marks works, as a cross (:data:`_NEGATIVE_ITEM`) says it fails."""
_LISTED = re.compile(
    r"^(?P<label>[^.?!]{1,80}?)(?:(?P<colon>(?<!\d):|:(?!\d))|\s—\s?|—|\s(?:→|->|=>|⇒)\s)\s*(?P<item>\S.*)", re.DOTALL
)
"""A labelled list item or table cell ("Mobile — Tools Available: TensorFlow Lite", "PyTorch → dynamic graphs,
Pythonic"): it states what it lists. The colon of a time ("1:47 In eager mode, ...") labels nothing."""
_NEGATIVE_ITEM = re.compile(
    r"(?::|—)\s*(?:(?:no|none|nope|unsupported|not (?:yet )?(?:supported|available|possible))\s*[.)]?\s*$|"
    r"(?:✗|✘|❌|×)|no\b,?)",
    re.IGNORECASE,
)
"""A list item or table cell that answers its label with a plain no ("Zero-copy NumPy — TensorFlow: No")."""
_FAIL_STATUS = re.compile(rf"(?:(?<!\S)(?<!not )FAIL(?:ED|S)?|(?:--|—|:|\s\s)\s*fail(?:ed|s)?|{_CROSSES})[.)]?\s*$")
"""A check's line that ends in its status, and the status is a failure ("Breakpoint shows values (tf.function) -- FAIL",
"... n/a ✗")."""
_PASS_STATUS = re.compile(r"(?:(?<!\S)(?:PASS(?:ED|ES)?|OK)|(?:--|—|:|\s\s)\s*(?:pass(?:ed|es)?|ok))[.)]?\s*$")
"""The same line whose status is a pass ("Loop on a tensor value (tf.function) -- pass")."""
_ANY_PASS = re.compile(rf"{_TICKS}|\bPASS(?:ED|ES)?\b|\bOK\b|\bpass(?:ed|es)?\b")
_ANY_FAIL = re.compile(rf"{_CROSSES}|\bFAIL(?:ED|S)?\b|\bfail(?:ed|s)?\b")
STATUS_TAIL = 48
"""A status is read in a line's last characters only: it ends the line."""


MAX_WHITESPACE_RUN = 16
"""The longest run of whitespace a sentence is read with: an aligned column's gap keeps its meaning, and a pasted run
of thousands of spaces cannot make the reading's patterns slow (:func:`bounded_whitespace`)."""
_LONG_WHITESPACE = re.compile(rf"\s{{{MAX_WHITESPACE_RUN + 1},}}")


def bounded_whitespace(text: str) -> str:
    """``text`` with every run of whitespace longer than :data:`MAX_WHITESPACE_RUN` cut to that length (its first
    characters): what the linker and the extractor read, so that a plain-text line of 20,000 spaces reads in
    milliseconds. The claim's own text, its quote and its id keep every character."""
    return _LONG_WHITESPACE.sub(lambda run: run.group()[:MAX_WHITESPACE_RUN], text)


def line_status(text: str) -> str:
    """``fails`` or ``works`` for a check's line that ends in one status ("Breakpoint shows values (tf.function) --
    FAIL", "... -- pass"); '' for any other line, and for one that gives a pass and a failure ("zero-copy ✅ ... copy
    ❌", "Stack 1 PASS Stack 2 FAIL"): a status per side. :func:`read` takes it as the whole line's only where the
    line names one framework ("... PyTorch shares the buffer; TensorFlow: FAIL" is read part by part)."""
    if _ANY_PASS.search(text) is not None and _ANY_FAIL.search(text) is not None:
        return ""
    tail = text[-STATUS_TAIL:].rstrip()
    if _FAIL_STATUS.search(tail) is not None:
        return "fails"
    return "works" if _PASS_STATUS.search(tail) is not None else ""


_COST = re.compile(r"\b(?:more|less|fewer|lower|higher)\s+(?:\w+\s+)?(?:memory|ram|disk|space|time|storage)\b", re.I)
_BURDEN = re.compile(r"\bno longer (?:\w+ )?(?:have to|has to|need|needs|requires?|creates?)\b", re.IGNORECASE)
UNMEASURED_NOUNS: tuple[str, ...] = (
    "community",
    "communities",
    "adoption",
    "enterprise",
    "popularity",
    "market",
    "industry",
    "ecosystem",
    "documentation",
    "tutorials",
    "user base",
    "userbase",
    "mindshare",
    "following",
    "applications",
    "apps",
    "projects",
    "teams",
    "companies",
    "organisations",
    "organizations",
    "startups",
    "models",
    "datasets",
)
"""Things a comparison of frameworks can be about that no job measures (people, markets, writing about it, the
size of what is built with it: "heavy for smaller applications")."""
_UNMEASURED_RE = re.compile(rf"\b(?:{'|'.join(UNMEASURED_NOUNS)})\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"(?:\s*;|(?:\s*,)?\s+\b(?:but|although|though|whereas|while)\b)\s*", re.IGNORECASE)
"""Where a sentence turns to another clause with a subject of its own. No two unbounded runs of spaces follow each
other: a pasted line with a long run of spaces reads in linear time per position, not cubic (45 s for 2,000 spaces)."""
_PRONOUN_FIRST = re.compile(r"\s*(?:it|its|it's|they|their)\b", re.IGNORECASE)
"""A sentence that opens with a pronoun is about what its context names."""
_DUMMY_IT = re.compile(r"\s*it(?:'s|\s+is|\s+was)\s+(?:\w+\s+){0,2}(?:to|that)\b", re.IGNORECASE)
"""An "it" that stands for what follows ("It is hard to debug a static graph"), not for a framework."""


@dataclass(frozen=True, slots=True)
class Mention:
    """A framework (and the mode it runs in, when the sentence says) or a bare mode, where it is named."""

    start: int
    framework: str
    """``pytorch``, ``tensorflow``, or empty for a bare mode ("running it eagerly")."""
    mode: str = ""


@dataclass(frozen=True, slots=True)
class Reading:
    """One sentence read on its own."""

    mentions: tuple[Mention, ...]
    direction: str
    """What the sentence says of its subject after negation: ``better``/``worse`` or ``less``/``more``; '' when none."""
    comparison: str
    """The kind of comparison its comparative makes on its own: ``speed``, ``weight`` or ''."""
    parity: bool
    exclusive: str
    """The framework an "only X" names; '' when none."""
    fails: bool
    """The sentence says something does not work (a negated capability)."""
    states_capability: bool
    """It says what something does or can do ("runs", "loads", "by default"), or lists it under a label
    ("Deployment tools: TorchScript, ONNX"), not only names it."""
    asserts: bool
    """False for a question, a reported view the author does not assert, a "Myth:" it goes on to test, a
    counterfactual, an instruction, a caption, a plan, an outline of what the text will cover, an experience the writer
    has not had, or the history of a release no job runs (:mod:`knowledge.assertion`)."""
    device: str
    """``cpu`` or ``gpu`` when named."""
    of_cost: bool = False
    """Its more/less is of a cost (memory, disk space, time)."""
    compares_unmeasured: bool = False
    """What its comparative qualifies is something no job measures ("a larger community", "smaller enterprise
    adoption footprint"): the words right after the comparative name one of :data:`UNMEASURED_NOUNS`."""
    subject_at: int = -1
    """Where the comparative's subject is named: the last framework named before the comparative that is not
    its object ("torch imports in 1.5 s, and TensorFlow never beat it"; "Compared to TensorFlow, PyTorch is
    faster"); -1 when none is, and the first framework named is the subject."""
    compared_with: tuple[int, int] | None = None
    """The span of the comparative's explicit object ("than TensorFlow 2.14 did", "over time"); None when the
    sentence names none. A linker checks whether it names a side of the job at all."""
    figure_dimension: str = ""
    """``size`` or ``duration`` when the sentence's direction or parity comes from its figures alone
    ("Import time: PyTorch 1.9 s; TensorFlow 3.4 s"); '' when its words give it."""
    status: str = ""
    """``fails`` or ``works`` for a check's line about one framework that ends in one status (:func:`line_status`:
    "Breakpoint shows values (tf.function) — TensorFlow: FAIL"): said of the whole line; '' otherwise."""

    @property
    def frameworks(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.framework for m in self.mentions if m.framework))

    @property
    def subject(self) -> str:
        """The framework the sentence is about (the first named), ``both`` or ``neither``."""
        named = self.frameworks
        if not named:
            return "neither"
        if self.parity and len(named) > 1:
            return "both"
        at = next((m.framework for m in self.mentions if m.start == self.subject_at and m.framework), "")
        return at or named[0]

    @property
    def favors(self) -> str:
        """The framework the sentence credits: the subject, or the other one when it says the subject is worse.

        More of something counts against (size, memory, time are what comparisons of frameworks weigh).
        """
        subject = self.subject
        if subject in ("both", "neither") or self.parity:
            return "both" if self.parity and subject != "neither" else subject
        if self.exclusive:
            return self.exclusive
        against = self.costs_more if self.costs_more is not None else self.fails and not self.direction
        return (TENSORFLOW if subject == PYTORCH else PYTORCH) if against else subject

    @property
    def costs_more(self) -> bool | None:
        """Whether the comparative counts against its subject, with no property to say which way is better.

        Speed and better/worse say it themselves; size and weight count more as worse; a bare more/less counts
        only of a cost (memory, disk, time): "more flexible" is no cost. None when the sentence does not say.
        """
        if self.direction in (BETTER, WORSE):
            return self.direction == WORSE
        if self.direction and (self.comparison or self.of_cost):
            return self.direction == MORE
        return None


def read(text: str, context: str = "") -> Reading:
    """Read one sentence (see the module docstring for what is read).

    ``context`` is what a reader sees before the sentence and is not part of it (``Claim.context``: the
    heading and list label it sits under, or the framework of its paragraph). It lends the sentence only its
    subject: the framework, when the sentence names none or opens with a pronoun ("Its install is smaller
    than TensorFlow's"), and, when it is a list label ("Deployment Advances:"), that the sentence states the
    item it lists. Property, comparison and polarity are the
    sentence's own words.
    """
    plain = text.replace("’", "'")
    direction, comparison = _direction(plain)
    mentions = own = _mentions(plain)
    framework = _context_framework(context.replace("’", "'")) if context else ""
    if framework and not any(mention.framework for mention in mentions):
        lent = tuple(Mention(m.start, framework, m.mode) for m in mentions)
        if lent and lent[0].start > 0 and _PRONOUN_FIRST.match(plain) and not _DUMMY_IT.match(plain):
            lent = (Mention(0, framework), *lent)  # "It uses a static graph" under "TensorFlow:": it, then its mode
        mentions = lent or (Mention(0, framework),)
    elif framework and _PRONOUN_FIRST.match(plain) and mentions[0].framework != framework:
        mentions = (Mention(0, framework), *mentions)  # "Its install is smaller than TensorFlow's" under "PyTorch:"
    strong_parity = _STRONG_PARITY.search(plain) is not None
    if strong_parity:
        direction, comparison = "", ""
    figures = dimension = ""
    verdict, verdict_at = _verdict(plain) if not direction and not strong_parity else ("", -1)
    if verdict == PARITY:
        strong_parity = True
    elif verdict:
        direction = verdict
    if not direction and not strong_parity:
        figures, dimension, mentions = _figures(plain, mentions)
    comparative = _first_comparative(plain) if direction and not verdict else None
    compared_with = None
    if comparative:
        clause_end = _OBJECT_END.search(plain, comparative[1])
        after = [
            m.start
            for m in own
            if m.framework and comparative[1] <= m.start < (clause_end.start() if clause_end else len(plain))
        ]
        if after and _OBJECT_MARKER.search(plain[max(0, after[0] - 32) : after[0]]):
            # "trails PyTorch", "three times PyTorch's wait"; "lag PyTorch by more than two seconds": a framework
            # right after the comparative is its object, whatever "than" comes later
            stop = _OBJECT_END.search(plain, after[0])
            compared_with = (after[0], stop.start() if stop else len(plain))
        compared_with = compared_with or _object_span(plain, comparative[1]) or _leading_object(plain, comparative[0])
        inside = [m.start for m in own if m.framework and comparative[0] < m.start < comparative[1]]
        if compared_with is None and inside:  # "in well under half of TensorFlow's time": its object is inside it
            compared_with = (inside[0], comparative[1])
        named = [m for m in own if m.framework]
        if framework and named and compared_with and all(compared_with[0] <= m.start < compared_with[1] for m in named):
            # "it imports in half of TensorFlow's time" under PyTorch; "Eager CNN training trails PyTorch" under
            # TensorFlow: a mode named before the object is the subject's
            modes = [m for m in mentions if not m.framework and m.start < compared_with[0]]
            subject = Mention(0, framework, modes[0].mode if modes else "")
            mentions = (subject, *(m for m in mentions if m not in modes))
    status = line_status(plain) if len({m.framework for m in mentions if m.framework}) <= 1 else ""
    return Reading(
        mentions=mentions,
        direction=direction or (figures if figures != PARITY else ""),
        comparison=comparison,
        parity=strong_parity or figures == PARITY or (not direction and _PARITY.search(plain) is not None),
        exclusive=_exclusive(plain),
        fails=_NEGATIVE_ITEM.search(plain) is not None
        or status == "fails"
        or any(_FAILURE.search(clause) or _negated_capability(clause) for clause in _clauses_about(plain, context)),
        states_capability=_CAPABILITY.search(plain) is not None
        or _TICK.search(plain) is not None
        or status == "works"
        or _listed(plain)
        or _is_list_label(context)
        or _said_of_its_subject(plain, mentions),
        asserts=asserts(plain, _before_claim(plain)),
        device=_device(plain),
        of_cost=bool(figures) or _COST.search(plain) is not None,
        compares_unmeasured=_compares_unmeasured(plain),
        subject_at=verdict_at
        if verdict_at >= 0
        else _comparative_subject(plain, mentions, comparative[0])
        if comparative
        else -1,
        compared_with=compared_with,
        status=status,
        figure_dimension=dimension,
    )


def _context_framework(context: str) -> str:
    """The framework a context names first ('' when none)."""
    named = [mention.framework for mention in _mentions(context) if mention.framework]
    return named[0] if named else ""


def _is_list_label(context: str) -> bool:
    """Whether the context ends in a label with words of its own ("Deployment Advances:"), not a bare
    framework name ("PyTorch:" only says whose paragraph a sentence is in)."""
    stripped = context.strip()
    if not stripped.endswith((":", "—")):
        return False
    words = stripped.replace("’", "'")
    for regex, _, _ in _NAME_RES:
        words = regex.sub(" ", words)
    return re.search(r"[^\W\d_]{2,}", words) is not None


def _mentions(text: str) -> tuple[Mention, ...]:
    found: dict[int, Mention] = {}
    taken: list[range] = []
    for regex, framework, mode in _NAME_RES:
        for match in regex.finditer(text):
            if any(match.start() in span for span in taken):
                continue
            taken.append(range(match.start(), match.end()))
            found[match.start()] = Mention(
                match.start(), framework, mode or _mode_near(text, match.start(), match.end())
            )
    for match in _MODE_RE.finditer(text):
        mode = EAGER if match.group("eager") else COMPILED
        if not any(match.start() in span for span in taken) and not _near_framework(match.start(), mode, found, taken):
            found[match.start()] = Mention(match.start(), "", EAGER if match.group("eager") else COMPILED)
    for match in _FORMER_LATTER.finditer(text):  # "PyTorch's and TensorFlow's, the latter unpacked smaller"
        before = [found[start] for start in sorted(found) if start < match.start() and found[start].framework]
        named = list(dict.fromkeys(m.framework for m in before))
        if len(named) == 2:
            found[match.start()] = Mention(match.start(), named[0 if match.group(1).lower() == "former" else 1])
    ordered = [found[start] for start in sorted(found)]
    for index, mention in enumerate(ordered[:-1]):
        after = ordered[index + 1]
        own = mention.framework == after.framework and not mention.mode and after.mode == COMPILED
        if own and _OWN_COMPILER.fullmatch(text[mention.start : after.start]):
            ordered[index] = replace(mention, mode=COMPILED)  # "TensorFlow's tf.function", "PyTorch with torch.compile"
    return tuple(ordered)


_FORMER_LATTER = re.compile(r"\bthe (former|latter)\b", re.IGNORECASE)
"""Which of the two frameworks named before it "the former" and "the latter" stand for."""
_OWN_COMPILER = re.compile(r"\S+?(?:['’]s)?(?:\s+[\d.]+)?\s*(?:\+|with|under|using|via|and its)?\s*", re.IGNORECASE)
"""What stands between a framework's name and its own compiler when the two name one side."""


def _mode_near(text: str, start: int, end: int) -> str:
    """The mode word right before a name ("eager TensorFlow") or right after it ("TensorFlow eagerly")."""
    before, after = text[max(0, start - 16) : start], text[end : end + 12]
    for window in (before[-16:], after):
        match = _MODE_RE.search(window)
        if match:
            return EAGER if match.group("eager") else COMPILED
    return ""


def _near_framework(position: int, mode: str, mentions: dict[int, Mention], names: list[range]) -> bool:
    """Whether the mode word at ``position`` is the mode of a name within a few characters of it ("eager
    TensorFlow", "TensorFlow 2.17, eager"), which took it already; another mode there is a side of its own
    ("TensorFlow eager vs compiled")."""
    return any(
        mentions[name.start].mode == mode and position - name.start >= -16 and position - name.stop <= 12
        for name in names
        if name.start in mentions
    )


def first_comparative_at(text: str) -> int:
    """Where the sentence's first comparative starts (-1 when it has none)."""
    found = _first_comparative(text)
    return -1 if found is None else found[0]


def names_setting(text: str) -> bool:
    """Whether the text names only a mode or a device ("eager", "compiled", "CPU", "GPU, compiled"): what a table's
    figures were measured under, not a claim of its own."""
    rest = _DEVICE_RE.sub(" ", _MODE_RE.sub(" ", text))
    return rest != text and re.search(r"[^\W_]", rest) is None


def comparison_kinds(text: str) -> frozenset[str]:
    """What every comparative of the sentence compares (:data:`SPEED`, :data:`WEIGHT`, '' for more/less of a noun):
    "the lighter install and the quicker import" compares both."""
    text = _NO_LONGER.sub(" ", text)  # "no longer dwarfs" compares no time
    return frozenset(kind for regex, _, kind in _COMPARATIVE_RES if regex.search(text))


_NO_LONGER = re.compile(r"\bno longer\b", re.IGNORECASE)


def _first_comparative(text: str) -> tuple[int, int, str, str] | None:
    """(start, end, polarity, kind) of the sentence's first comparative, or None; an ease comparative only where no
    other comparative stands outside it (:data:`_EASE_RES`: "more difficult" is not "more")."""
    found = [
        (match.start(), match.end(), direction, kind, regex in _EASE_RES)
        for regex, direction, kind in _COMPARATIVE_RES
        if (match := regex.search(text))
    ]
    ease = [(start, end) for start, end, *_, is_ease in found if is_ease]
    other = [f for f in found if not f[4] and not any(s <= f[0] < e for s, e in ease)]
    chosen = other or found
    if not chosen:
        return None
    start, end, direction, kind, _ = min(chosen, key=lambda f: f[0])
    return start, end, direction, kind


def _comparative_subject(text: str, mentions: tuple[Mention, ...], at: int) -> int:
    """Where the subject of the comparative at ``at`` is named (see :attr:`Reading.subject_at`)."""
    before = [m for m in mentions if m.framework and m.start < at]

    def is_object(mention: Mention) -> bool:
        return _OBJECT_MARKER.search(text[max(0, mention.start - 32) : mention.start]) is not None

    for index in range(len(before) - 1, -1, -1):
        mention, previous = before[index], before[index - 1] if index else None
        if is_object(mention):
            continue
        if _FORMER_LATTER.match(text, mention.start):
            return mention.start  # "PyTorch's and TensorFlow's, the latter unpacked smaller": one of the pair
        if previous and not is_object(previous) and _LISTED_PAIR.fullmatch(text[previous.start : mention.start]):
            return -1  # "Between PyTorch and TensorFlow, the faster one is ...": a pair, neither is the subject
        return mention.start
    return -1


_LISTED_PAIR = re.compile(r"[\w.'’-]+\s*(?:,|/|&|\band\b|\bor\b)\s*", re.IGNORECASE)
"""What stands between two names listed together ("PyTorch and TensorFlow", "PT/TF")."""


def _object_span(text: str, end: int) -> tuple[int, int] | None:
    """The object phrase that follows the comparative ending at ``end``: from its marker ("than", "over",
    "compared to") to the end of the clause."""
    match = _OBJECT_AFTER.match(text, end)
    if match is None or _PRONOUN_OBJECT.match(text, match.end()):
        return None
    if _QUANTIFIER.search(text, 0, match.end()) and _AMOUNT.match(text, match.end()):
        return None  # "more than three times as long", "less than half the memory": an amount, not an object
    stop = _OBJECT_END.search(text, match.end())
    return (match.start("object"), stop.start() if stop else len(text))


def _leading_object(text: str, at: int) -> tuple[int, int] | None:
    """The object a sentence sets before its comparative ("Compared with Lumen 7.2, PyTorch trains 1.5 times
    faster"): from the marker to the comma that closes it."""
    match = _OBJECT_BEFORE.match(text)
    return (match.start("object"), match.end("object")) if match and match.end() <= at else None


_OBJECT_BEFORE = re.compile(
    r"\W*(?:compared\s+(?:to|with)|relative\s+to|against|versus|unlike|next\s+to)\s+(?P<object>[^,;:—]+),",
    re.IGNORECASE,
)
_OBJECT_WORDS = r"than|over|compared\s+(?:to|with)|versus|vs\.?|relative\s+to|against"
"""What introduces a comparison's object ("than TensorFlow", "a gain over eager PyTorch")."""
_OBJECT_AFTER = re.compile(rf"[^,;:.!?()—]{{0,40}}?\b(?:{_OBJECT_WORDS})\s+(?P<object>)", re.IGNORECASE)
_PRONOUN_OBJECT = re.compile(r"(?:that|those|theirs|the other|the former|the latter)\b", re.IGNORECASE)
"""An object that stands for a side named before ("never smaller than that"); "than it was" is the subject's past."""
_QUANTIFIER = re.compile(r"\b(?:(?:more|less|fewer)\s+than|over)\s+$", re.IGNORECASE)
_AMOUNT = re.compile(
    r"(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|half|twice|double|triple)\b"
    r"|an?\s+(?:few|third|quarter|half|fifth|tenth|hundred|thousand|dozen)\b)",
    re.IGNORECASE,
)
"""An amount after "more than" or "over" ("more than three times", "over 40%"): a quantifier, not the comparison's
object."""
_OBJECT_END = re.compile(r"[,;:!?()—]|\.(?!\d)|\s(?:and|but|while|whereas|so)\s", re.IGNORECASE)


_OBJECT_MARKER = re.compile(
    rf"\b(?:{_OBJECT_WORDS}|unlike|next\s+to|beside|behind|ahead\s+of|trails?|trailed|trailing|lags?"
    r"|(?:\d+(?:\.\d+)?|two|three|four|five|ten)\s+times|twice"
    r"|lagged|lagging|beats?|beaten|outperform(?:s|ed)?|outpac(?:es|ed)|outruns?|loses\s+to|lost\s+to"
    r"|edg(?:es|ed)\s+out)\s+(?:[\w.'’-]+\s+)?$",
    re.IGNORECASE,
)
"""What makes the framework named right after it the comparison's object ("than eager TensorFlow", "trails
PyTorch", "three times PyTorch's wait")."""


def _compares_unmeasured(text: str) -> bool:
    """Whether the few words the first comparative qualifies ("larger [community]") name what no job measures."""
    found = _first_comparative(text)
    if found is None:
        return False
    qualified = re.split(r"[.,;:()—]|\b(?:than|and|but|for|in|on|to|of|with)\b", text[found[1] :], maxsplit=1)[0]
    return _UNMEASURED_RE.search(" ".join(qualified.split()[:4])) is not None


def _direction(text: str) -> tuple[str, str]:
    """The first comparative's polarity (reversed when a negator stands a few words before it) and kind."""
    best = _first_comparative(text)
    if best is None:
        return "", ""
    start, end, direction, kind = best
    window = " ".join(text[:start].split()[-4:])
    negated = _NEGATORS.search(window) is not None and not _BURDEN.search(text)
    if _PASSIVE_VERB.fullmatch(text, start, end) and _BY_AGENT.match(text, end):
        negated = not negated  # "PyTorch is outpaced by TensorFlow": the side after "by" is the better one
    return (REVERSED[direction] if negated else direction), kind


_PASSIVE_VERB = re.compile(
    r"outperformed|outpaced|outrun|beaten|beat|edged out|overtaken|trailed|lagged", re.IGNORECASE
)
_BY_AGENT = re.compile(
    r"\s+by\b(?!\s+(?:~|about|roughly|around|nearly|almost|over|under|a\s+\w+\s+margin)?\s*\d)", re.IGNORECASE
)


def _verdict(text: str) -> tuple[str, int]:
    """A scorecard's verdict: a label, a colon and the framework that wins it, with at most its margin ("disk: PT,
    by ~1.2 GB", "Install size — Winner: PyTorch"), or a tie ("batched latency: tie"). (BETTER, where the winner
    is named), (PARITY, -1), or ('', -1) when the sentence is not one: a side's own value ("Import time: PyTorch
    1.3 s", "Graph compiler — PyTorch: torch.compile"), or a label that says who lost or what is worse ("Slowest
    import: TensorFlow", "Cons: PyTorch"), which this reading does not turn round."""
    colon = text.rfind(":")
    if colon < 0:
        return "", -1
    label = text[:colon]
    if not re.search(r"[^\W\d_]", label) or _names_only_a_framework(re.split(r"\s[—–-]\s", label)[-1]):
        return "", -1
    if _LOSING_LABEL.search(label) and not _WINNING_LABEL.search(label):
        return "", -1
    rest = colon + 1 + len(text[colon + 1 :]) - len(text[colon + 1 :].lstrip())
    tail = " ".join(text[rest:].split())  # one space between words: the patterns below never backtrack on runs
    if _TIE.fullmatch(tail):
        return ("", -1) if len({m.framework for m in _mentions(label) if m.framework}) == 1 else (PARITY, -1)
    for regex, _, _ in _NAME_RES:
        name = regex.match(tail)
        if name is not None and _MARGIN.fullmatch(tail, name.end()):
            return BETTER, rest
    return "", -1


def _names_only_a_framework(text: str) -> bool:
    stripped = text.strip(" *_`")
    return any(regex.fullmatch(stripped) for regex, _, _ in _NAME_RES)


_WINNING_LABEL = re.compile(
    r"\b(?:winner|winning|wins|won|best|verdict|edge|advantage|pick|leader|ahead|fastest|quickest|smallest|lightest"
    r"|leanest)\b",
    re.IGNORECASE,
)
_LOSING_LABEL = re.compile(
    r"\b(?:loser|los(?:es|t|ing)|worst|worse|highest|lowest|fattest|bulkiest|most|more|less|least|fewer|cons?|avoid"
    r"|not|behind|trail\w*|lag\w*|slow\w*|big\w*|heav\w*|larg\w*|long\w*)\b",
    re.IGNORECASE,
)
"""A label whose framework lost or is the worse one ("Slowest import", "Heaviest install", "Cons")."""
_MARGIN = re.compile(
    r"(?: ?\([^()]{0,30}\))?[,;(—–-]? ?"
    r"(?:(?:by )?(?:a )?(?:hair|nose|whisker|mile|far|wide margin)|barely|narrowly|easily|clearly|comfortably|handily"
    r"|just|slightly|marginally)?"
    r"(?: ?(?:wins )?by (?:~|≈|about |roughly |around |nearly |almost |approx\.? |approximately |over |under )?"
    r"\d[\d.,]*(?: ?[a-z%×]{1,7})?"
    r"| ?(?:~|≈|about |roughly |around |nearly |almost |approx\.? |approximately |over |under )?"
    r"\d[\d.,]* ?(?:x|×|%|percent|times))?"
    r"\)? ?[.!✓✔]?",
    re.IGNORECASE,
)
"""What may follow a verdict's winner: its margin, by an amount or relative ("by ~1.2 GB", "nearly 3x", "(~18%)",
"by a hair"), and nothing else; never a figure of its own ("TensorFlow 1.2 GB", "PyTorch 2.3")."""
_TIE = re.compile(
    r"(?:a )?(?:tie|tied|draw|parity|a wash|toss-?up|coin flip|dead heat|dead even|neck and neck|no winner"
    r"|no difference)[.!]?",
    re.IGNORECASE,
)


def _figures(text: str, mentions: tuple[Mention, ...]) -> tuple[str, str, tuple[Mention, ...]]:
    """What figures alone compare: "PyTorch: 666 MB; TensorFlow: 1,212 MB" says PyTorch has less.

    The mentions are taken in runs of one side (a framework and its mode: "TensorFlow 2.18 + tf.function" is
    one run); each of the first two sides takes the first size or duration in its run, else the last one
    before it ("666 MB for PyTorch"). Of one dimension, the first side has ``less``, ``more`` or the same
    (:data:`PARITY`); '' when the sentence does not give both sides a figure of one dimension. Returned with
    that dimension and the mentions, where a side named without a mode against its own compiled mode reads as
    eager.
    """
    given = mentions
    named = {m.framework for m in mentions if m.framework}
    if len(named) == 1:  # "TensorFlow's step under tf.function is 27 ms, against 49 ms eager": its eager mode
        mentions = tuple(replace(m, framework=next(iter(named))) if m.mode and not m.framework else m for m in mentions)
    runs: list[tuple[int, int]] = []  # (index of the run's first mention, index after its last)
    for index, mention in enumerate(mentions):
        if runs and _same_side(text, mentions, runs[-1], index):
            first = runs[-1][0]
            runs[-1] = (first, index + 1)
            if mention.mode and not mentions[first].mode:  # "TensorFlow 2.18 + tf.function": the mode completes it
                mentions = (*mentions[:first], replace(mentions[first], mode=mention.mode), *mentions[first + 1 :])
        else:
            runs.append((index, index + 1))
    sides: list[tuple[int, int]] = []
    for first, stop in runs:
        key = (mentions[first].framework, mentions[first].mode)
        if mentions[first].framework and key not in {(mentions[f].framework, mentions[f].mode) for f, _ in sides}:
            sides.append((first, stop))
    if len(sides) == 1 and mentions[sides[0][0]].mode == COMPILED:
        return _compiled_from_to(text, mentions, sides[0][0]) or ("", "", given)
    if len(sides) < 2:
        return "", "", given
    bounds = [
        (mentions[first].start, mentions[stop].start if stop < len(mentions) else len(text))
        for first, stop in sides[:2]
    ]
    unit = declared_unit(text[: bounds[0][0]])  # "Import time (s) — PyTorch: 1.7; TensorFlow: 3.9"
    after = [first_quantity(text[begin:end], unit) for begin, end in bounds]
    before = [_last_quantity(text[(bounds[0][0] if i else 0) : bounds[i][0]], unit) for i in range(2)]
    found = after if None not in after else before  # "PyTorch: 666 MB", else "666 MB for PyTorch"
    regions = bounds if None not in after else [(0, bounds[0][0]), (bounds[0][0], bounds[1][0])]
    if after[0] is not None and after[1] is None and None in before:  # "PyTorch: 1.3 s, against 3.6 s for TensorFlow"
        first_end = bounds[0][0] + after[0].end
        between = _last_quantity(text[first_end : bounds[1][0]], unit)
        # "1,200 MB against roughly 700 for PyTorch": the answer's unit left out before the side it is given to
        found = [after[0], between or unit_left_out(text, after[0], first_end, bounds[1][0])]
        regions = bounds
    if (found[0] is None) != (found[1] is None):  # "eleven milliseconds for torch and thirteen for TF"
        known, missing = (found[0], 1) if found[0] is not None else (found[1], 0)
        assert known is not None
        begin, end = regions[missing]
        found = [*found]
        found[missing] = unit_left_out(text, known, begin, end)
    if found[0] is None and found[1] is None and RATE.search(text[: bounds[0][0]]):
        return _rates(text, mentions, bounds) or ("", "", given)  # "Scored requests per second — PyTorch: 88; ..."
    if found[0] is None or found[1] is None:
        return "", "", given
    order = compare(found[0], found[1])
    if order is None:
        return "", "", given
    one, two = (mentions[first] for first, _ in sides[:2])
    if one.framework == two.framework and {one.mode, two.mode} == {"", COMPILED}:
        mentions = tuple(replace(m, mode=EAGER) if m.framework == one.framework and not m.mode else m for m in mentions)
    return (PARITY if order == 0 else (LESS if order < 0 else MORE)), found[0].dimension, mentions


def _rates(
    text: str, mentions: tuple[Mention, ...], bounds: list[tuple[int, int]]
) -> tuple[str, str, tuple[Mention, ...]] | None:
    """Two sides' bare figures under a rate the sentence declares before them: the higher rate is the shorter time
    ("Retrain steps per minute — PyTorch: 1,420; TensorFlow: 1,150" says PyTorch takes less time)."""
    rates = [rate_figure(text[begin:end]) for begin, end in bounds]
    if rates[0] is None or rates[1] is None:
        return None
    order = (rates[0] < rates[1]) - (rates[0] > rates[1])  # a higher rate is less time
    return (PARITY if order == 0 else (LESS if order < 0 else MORE)), DURATION, mentions


_FIGURE_TEXT = r"(?:[^,;]|(?<=\d),(?=\d{3})){1,24}?"
"""A figure and its unit, where a comma only separates thousands ("1,200 MB")."""
_FROM_TO = re.compile(
    rf"\bfrom\s+(?P<before>{_FIGURE_TEXT})\s+to\s+(?P<after>{_FIGURE_TEXT})"
    r"(?=$|[,;.]\s|[,;]|\s+(?:and|but|while|on|in|for|with)\b|\.$)"
)


def _compiled_from_to(
    text: str, mentions: tuple[Mention, ...], compiled: int
) -> tuple[str, str, tuple[Mention, ...]] | None:
    """A compiler's own gain as a change ("With torch.compile, PyTorch's step went from 41 ms to 30 ms"): the
    compiled side has the figure after "to" and the same framework's eager mode the one after "from". None where
    the sentence gives no such pair of one dimension after the compiler is named."""
    change = _FROM_TO.search(text, mentions[compiled].start)
    if change is None:
        return None
    after = first_quantity(change["after"])
    before = first_quantity(change["before"]) or (unit_left_out(change["before"], after) if after is not None else None)
    if before is None or after is None or before.dimension != after.dimension:
        return None
    order = compare(after, before)
    if order is None:
        return None
    eager = Mention(change.start(), mentions[compiled].framework, EAGER)
    ordered = tuple(sorted((*mentions, eager), key=lambda mention: mention.start))
    return (PARITY if order == 0 else (LESS if order < 0 else MORE)), after.dimension, ordered


def _same_side(text: str, mentions: tuple[Mention, ...], run: tuple[int, int], index: int) -> bool:
    """Whether a mention continues the run before it: the same framework, no figure in between, and the same
    mode or a mode the run had not named. A mode in brackets right after the run's figure annotates it
    ("PyTorch: 9.6 ms (torch.compile)")."""
    first, last, mention = mentions[run[0]], mentions[run[1] - 1], mentions[index]
    if mention.framework != first.framework:
        return False
    between = text[last.start : mention.start]
    figures = quantities(between)
    if figures and not (
        len(figures) == 1 and mention.mode and not first.mode and _ANNOTATION.fullmatch(between[figures[0].end :])
    ):
        return False
    return mention.mode == first.mode or not first.mode


_ANNOTATION = re.compile(r"\s*[(\[]\s*`?")
"""What stands between a figure and the mode that annotates it: an opening bracket."""


def _last_quantity(text: str, unit: str = "") -> Quantity | None:
    found = quantities(text, unit)
    return found[-1] if found else None


def _exclusive(text: str) -> str:
    for regex, framework, _ in _NAME_RES:
        for match in regex.finditer(text):
            if _EXCLUSIVE.search(text[max(0, match.start() - 12) : match.start()]):
                return framework
    return ""


def _clauses_about(text: str, context: str = "") -> list[str]:
    """The clauses of a sentence that speak of a framework: the first, and each later one that names one or
    opens with a pronoun. "LiteRT export works, but the gateway cannot serve the file" fails nothing of
    TensorFlow's: the later clause is about the gateway."""
    first, *rest = _CLAUSE_BREAK.split(text)
    return [first] + [clause for clause in rest if _mentions(clause) or _PRONOUN_FIRST.match(clause)]


def _said_of_its_subject(text: str, mentions: tuple[Mention, ...]) -> bool:
    """Whether the sentence opens with a framework as its subject and goes on to say something of it ("PyTorch uses
    dynamic computation graphs", "TensorFlow excels at production deployment with ..."): a declarative sentence
    whose first word after its subject's name is its verb, whatever that verb is. A subject pronoun stands for the
    framework its context lends ("This makes it ideal for debugging" under PyTorch). A name in a list ("TF Serving,
    TF Lite and TF.js."), a name with a word or two after it ("13. Keras Tuner.") and a question say nothing of it."""
    first = next((mention for mention in mentions if mention.framework), None)
    if first is None or text.rstrip().endswith("?") or not _OPENS_WITH_SUBJECT.fullmatch(text[: first.start]):
        return False
    words = text[first.start :].split()
    if words and frameworks.rivals_in(words[0]):
        joined = " ".join(words)
        name = _SUBJECT_NAME.match(joined)  # "TensorFlow Serving", "PyTorch 2.5"
        if name is None or name.group(0).rstrip().endswith((":", ";")):
            return False
        said = joined[name.end() :].split()
        if name.group(0).rstrip().endswith(","):  # a list of names, or an aside ("TensorFlow, on the other hand, uses")
            aside = " ".join(said).split(",", 1)
            if not said or said[0][:1].isupper() or len(aside) < 2 or len(aside[0].split()) > _MAX_ASIDE_WORDS:
                return False
            said = aside[1].split()
    elif first.start == 0 and words and _SUBJECT_PRONOUN.fullmatch(words[0]):  # the subject lent by the context
        said = words[1:]
    else:
        return False
    return len(said) >= _MIN_SAID_WORDS and _NO_PREDICATE.fullmatch(said[0].strip(",;:")) is None


_OPENS_WITH_SUBJECT = re.compile(r"(?:[^:.!?]{1,60}:\s*)?(?:the\s+)?", re.IGNORECASE)
"""What may come before a sentence's subject: a label and its colon ("Debugging: PyTorch lets ..."), "the"."""
_SUBJECT_NAME = re.compile(r"\S+(?:\s+(?:[A-Z][\w.+-]*|v?\d[\w.]*)(?=[\s,;:]|$))*[,;:]?")
"""A framework's name with the capitalised words and release numbers that continue it ("TensorFlow Serving", "PyTorch
2.5", "TensorFlow Lite,")."""
_SUBJECT_PRONOUN = re.compile(r"(?:it|they|this|that)", re.IGNORECASE)
"""A pronoun that is a sentence's subject; a possessive ("Its install is smaller") is not one."""
_NO_PREDICATE = re.compile(
    r"(?:for|with|and|or|of|in|on|to|vs\.?|versus|from|as|at|by|—|–|-|&|\(.*|compared|benchmarks?)", re.IGNORECASE
)
"""A word after a name that continues a noun phrase or a title ("TorchScript for serializing models", "PyTorch vs
TensorFlow", "PyTorch 2.0 benchmarks"), not a verb."""
_MAX_ASIDE_WORDS = 5
"""How long an aside between commas after a subject may be ("on the other hand", "by contrast")."""
_MIN_SAID_WORDS = 3
"""The subject's name and what follows it: more words than this make a predicate, not a name in a list."""


def _listed(text: str) -> bool:
    """Whether the sentence is a labelled list item or table cell (:data:`_LISTED`). A one-word label before a colon
    with more than a few words after it, neither naming a framework or its tool, is a speaker or a note ("Priya: she
    wants a proper serving container", "Edit: several people asked about ONNX"), not a list's label ("Browser:
    TensorFlow.js with the WebGL backend in Chrome")."""
    match = _LISTED.search(text)
    if match is None:
        return False
    if match.group("colon") is None or frameworks.mentions(f"{match.group('label')} {match.group('item')}"):
        return True
    label_words = re.findall(r"[^\W\d_][\w'’-]*", match.group("label"))
    if len(label_words) == 1 and _CREDIT_LABEL.fullmatch(label_words[0]):
        return True  # "Pros: Dynamic computation graph (eager execution) mirrors plain Python."
    return len(label_words) != 1 or len(match.group("item").split()) <= _MAX_LISTED_WORDS


_MAX_LISTED_WORDS = 4
"""The most words a list item under a one-word label gives when it names no framework ("Pros: fast, small")."""
_CREDIT_LABEL = re.compile(r"pros?|advantages?|strengths?|benefits?|upsides?", re.IGNORECASE)
"""A one-word label that lists what something does well, at any length of item: a list's label, never a speaker."""


def _negated_capability(text: str) -> bool:
    """ "X does not / no longer ..." says a capability is missing, except when what stopped is a burden."""
    if _BURDEN.search(text):
        return False
    return re.search(r"\b(?:does not|doesn't|do not|don't|cannot|won't)\b", text, re.IGNORECASE) is not None


def _before_claim(text: str) -> str:
    """The words before the first comparative (where "I keep reading that" stands) in its own clause, or the
    whole sentence: "... closer than people think; in my runs TensorFlow sat lower" asserts its second clause."""
    starts = [m.start() for regex, _, _ in _COMPARATIVE_RES if (m := regex.search(text))]
    if not starts:
        return text
    before = text[: min(starts)]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(before)]
    return before[breaks[-1] :] if breaks else before


def _device(text: str) -> str:
    match = _DEVICE_RE.search(text)
    if match is None:
        return ""
    return "gpu" if match.group("gpu") else "cpu"
