"""The words questions are asked in: which claim topic a question's vocabulary points to, and the phrases
that tell its form (a choice, a yes/no, a drawback, a how-to, ...).

Question-side vocabulary ("troubleshoot", "phones", "downsides") mapped to the claim topics of
``knowledge.labels``: domain knowledge about the subject, not about any question set.
"""

from __future__ import annotations

import re

from knowledge.frameworks import mention_spans, rivals_in
from knowledge.reading import read

TOPIC_LEXICON: dict[str, tuple[str, ...]] = {
    "automl": (
        r"auto-?ml",
        r"hyper-?parameter",
        r"(?<!fine-)\btun(?:e|es|ing|er)\b",
        r"neural architecture search",
        r"automated (?:machine learning|model)",
    ),
    "debugging": (
        r"debug",
        r"troubleshoot",
        r"\bbugs?\b",
        r"breakpoint",
        r"\bpdb\b",
        r"step through",
        r"inspect",
        r"misbehav",
    ),
    "deployment": (
        r"deploy",
        r"\bserv(?:e|es|ing|er)\b",
        r"mobile",
        r"phones?\b",
        r"android",
        r"\bios\b",
        r"\bedge\b",
        r"embedded",
        r"browser",
        r"\bweb\b",
        r"javascript",
        r"export",
        r"seriali[sz]",
        r"\bonnx\b",
        r"c\+\+",
        r"platforms?\b",
        r"\bship\b",
        r"convert",
        r"inference",
        r"\bformats?\b",
        r"cross-framework",
        r"(?:another|other) frameworks?",
        r"interoperab",
    ),
    "research": (
        r"research",
        r"academ",
        r"papers?\b",
        r"prototyp",
        r"experiment",
        r"\bnlp\b",
        r"natural language",
        r"computer vision",
        r"\bgans?\b",
        r"generative",
        r"reinforcement",
        r"\brl\b",
    ),
    "graph": (
        r"\bgraphs?\b",
        r"\bdynamic",
        r"\bstatic\b",
        r"\beager",
        r"define-by-run",
        r"on the fly",
        r"control flow",
        r"execution mode",
    ),
    "usability": (
        r"pythonic",
        r"\bpython\b",
        r"numpy",
        r"syntax",
        r"easy to (?:learn|use)",
        r"easier to (?:learn|use)",
        r"beginner",
        r"learning curve",
        r"intuitive",
        r"user-friendly",
        r"pick up",
        r"\bset(?:-| )?up\b",
    ),
    "production": (r"production", r"enterprise", r"\bscal(?:e|able|ability)\b", r"large[- ]scale"),
    "adoption": (
        r"compan(?:y|ies)",
        r"who uses",
        r"adopt",
        r"popular",
        r"community",
        r"industry",
        r"prefer",
        r"enterprises use",
        r"used by",
        r"\bbacking\b",
        r"\brel(?:y|ies|ying) on\b",
        r"\bleans? on\b",
    ),
    "origin": (
        r"\bcreat(?:ed|or|ors)\b",
        r"\bdevelop(?:ed|s)\b",
        r"\bmade\b",
        r"\bbuilt\b",
        r"found(?:ed|er)",
        r"launched",
        r"\bbehind\b",
        r"\borigin",
    ),
    "rating": (r"\brat(?:e|es|ing|ings|ed)\b", r"\bscor(?:e|ed|es)\b", r"\bstars?\b"),
    "cons": (
        r"drawbacks?",
        r"weakness",
        r"\bcons\b",
        r"disadvantages?",
        r"downsides?",
        r"limitations?",
        r"fall short",
        r"\bworse\b",
        r"negatives?",
        r"\bcatch\b",
        r"\bproblems?\b",
        r"\bsteep(?:er)?\b",
        r"\bheav(?:y|ier|iest)\b",
        r"less mature",
        r"\blag(?:s|ging)?\b",
        r"\bcomplex\b",
        r"less flexible",
        r"slower to adopt",
    ),
    "integration": (
        r"integrat",
        r"google cloud",
        r"\bgcp\b",
        r"pipelines?",
        r"interop",
        r"related to",
    ),
    "alternatives": (
        r"alternatives?",
        r"competitors?",
        r"\bcompet(?:e|es|ing|ition)\b",
        r"besides",
    ),
    "conclusion": (
        r"\boverall\b",
        r"\bwins?\b",
        r"\bwinner\b",
        r"verdict",
        r"in the end",
        r"\bboth\b",
        r"\bconclu\w*",
        r"\bsum(?:mary| up)\b",
        r"bottom line",
        r"takeaway",
        r"\barticle recommend",
    ),
    "performance": (
        r"\bfast(?:er|est)?\b",
        r"\bspeed",
        r"performance",
        r"efficien",
        r"\bslow(?:er)?\b",
        r"\bmemory\b",
        r"\bfootprint\b",
        r"\b(?:install(?:ation)?|disk|download|package) size\b",
        r"\bimport(?:s|ing)? (?:faster|slower|quick\w*|time)\b",
        r"\blight(?:er|weight)?\b",
        r"\bsize\b",
        r"\btrains?\b",
    ),
}
TOPIC_RES = {t: [re.compile(p, re.IGNORECASE) for p in pats] for t, pats in TOPIC_LEXICON.items()}

# Where a model is to run, in a question's words and in a claim's: a question about phones is answered best by
# the claims about mobile, not by those about deployment in general.
DEPLOYMENT_TARGETS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    name: (re.compile(asked, re.IGNORECASE), re.compile(stated, re.IGNORECASE))
    for name, asked, stated in (
        (
            "mobile",
            r"\b(?:(?:smart)?phones?|mobile|android|ios|iphones?|ipads?|tablets?|handsets?)\b",
            r"\b(?:mobile|(?:smart)?phones?|android|ios)\b",
        ),
        (
            "browser",
            r"\b(?:browsers?|javascript|js|web ?(?:pages?|apps?|sites?)|front-?end)\b",
            r"\b(?:browsers?|javascript|js|web)\b",
        ),
        (
            "edge",
            r"\b(?:edge|embedded|microcontrollers?|iot|raspberry pi|on-device)\b",
            r"\b(?:edge|embedded|iot|microcontrollers?|on-device)\b",
        ),
    )
}

# Words that say how something is asked, not what about; they must not steer lexical matching.
QUESTION_STOPWORDS = frozenset(
    """
which what who whom whose how why when where does do did is are
was were can could should would will shall may might must framework frameworks library
libraries toolkit toolkits tool one ones option options better best more most less good
great pick choose choice use using used get got give gives gave article offer
offers want need like me my i we you your it its the a
an of for to in on at by with and or vs versus than
there this that these those so tell about also really overall recommend go between
two other others model models
""".split()
)

FRAMEWORK_CHOICE = re.compile(
    r"\bwhich (?:\w+ )?(?:framework|library|toolkit|one|platform)s?\b|\bwhat (?:framework|library|toolkit)\b|"
    r"\b(?:recommend|should i (?:use|pick|choose|go)|better choice|go with|wins?|winner)\b|\bor\b.*\?$|"
    r"\bwhich (?:is|has|does|of the two)\b",
    re.IGNORECASE,
)
YES_NO = re.compile(r"^\s*(is|are|does|do|did|can|could|will|was|were|has|have|should)\b", re.IGNORECASE)
_AUXILIARY = re.compile(
    r"^\W*(?:(?:is|are|was|were|does|do|did|can|could|will|would|has|have|had|should|must)(?:n['’]?t)?|"
    r"can['’]?t|won['’]t|ain['’]t|be)\b",
    re.IGNORECASE,
)
"""A clause that opens with an auxiliary verb, negated or not ("Isn't ...", "Didn't ..."): it asks yes or no."""
_TAG = re.compile(
    r"(?:^\W*|[,;:–—.!'\"’”)-]\s*)(?:right|true|correct|yes|no|or not|is (?:it|that) (?:so|right|true|correct)|"
    r"am i right|(?:is|are|was|were|does|do|did)n['’]t (?:it|they|that))\W*\?+[\s?!]*$",
    re.IGNORECASE,
)
"""A statement turned into a yes/no question by its tail ("... rated higher, right?", "True?"); not "Which one is
right?"."""
_WH_WORD = re.compile(r"^\W*(?:who|whom|whose|what|which|how|why|when|where)\b", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")
_BARE_ASK = re.compile(
    r"\W*(?:is|are|was|were|does|do|did|can|could|will|would|has|have)\s+(?:it|that|this|they|i|we|he|she)"
    r"(?:\s+(?:right|true|correct|so|really))?\W*",
    re.IGNORECASE,
)
"""A sentence that only asks about the one before ("Did it?", "Was I right?")."""
_LEAD_BREAK = re.compile(r"[:;]\s+|['\"’”]\s+|\s+[—–-]{1,2}\s+|^\s*\([^)]*\)\s*|^\s*\[[^\]]*\]\s*")


def asking_sentence(text: str) -> str:
    """The question's last sentence that asks (holds a "?"), else the whole text; a tag alone ("Correct?", "True or
    false?") asks about the sentence before it, which it keeps. A "." followed by no space ends no sentence
    ("tf.convert_to_tensor", "4.5")."""
    if "?" not in text:
        return text
    parts = _sentences(text)
    asking = [i for i, part in enumerate(parts) if "?" in part]
    if not asking:
        return text
    last = asking[-1]
    if last and (_TAG.search(parts[last]) or _BARE_ASK.fullmatch(parts[last])) and not _WH_WORD.match(parts[last]):
        return f"{parts[last - 1]} {parts[last]}"
    return parts[last]


def _sentences(text: str) -> list[str]:
    """``text``'s sentences, runs of spaces squeezed (no regex backtracks on them)."""
    return _SENTENCE_BREAK.split(" ".join(text.split()))


def _clauses(sentence: str) -> list[str]:
    """A sentence's clauses, leads first."""
    return [clause for clause in _LEAD_BREAK.split(sentence) if clause and clause.strip()]


def asking_clauses(text: str) -> list[str]:
    """The asking sentence's clauses, leads first ("Discord poll said ...; did the article rate it above TF?")."""
    return _clauses(asking_sentence(text))


def asks_yes_no(text: str) -> bool:
    """Whether the question asks yes or no by its grammar: its asking sentence opens with an auxiliary verb after
    any lead ("Bakery nephew: is TensorFlow ...?", "My son says TF got more stars. Did it?"), or ends in a tag
    ("..., right?", "True?")."""
    if YES_NO.match(text):
        return True
    if "?" not in text:
        return False
    sentence = [part for part in _sentences(text) if "?" in part][-1]  # the tag itself, not the sentence it asks of
    if _TAG.search(sentence) and not _WH_WORD.match(sentence):
        return True
    for clause in _clauses(sentence):
        # "the README says torch is rated higher, is that right?"; not "Who, company-wise, is behind it?" nor "By
        # the stars, which one, PyTorch or TensorFlow, is rated higher?"
        for part in re.split(r",\s+", clause):
            if _WH_WORD.match(part):
                break
            if _AUXILIARY.match(part):
                return True
    return False


_TURN_AWAY = re.compile(
    r"\b(?:avoid(?:s|ed|ing)?|skip(?:s|ped|ping)?|drop(?:s|ped|ping)?(?!-in)|ditch(?:es|ed|ing)?|"
    r"abandon(?:s|ed|ing)?|dump(?:s|ed|ing)?|shun(?:s|ned|ning)?|pass(?:es|ed|ing)? on|"
    r"(?:steer|stay|keep)(?:s|ed|ing)? (?:clear of|away from)|refrain(?:s|ed|ing)? from|"
    r"(?:give|giving|gave) up(?: on)?|stop(?:s|ped|ping)? (?:using|with)|quit(?:s|ting)?|move away from|"
    r"(?:not|never) (?:\w+ )?(?:use|using|pick|choose|adopt|learn|bother with|go with|bet on|start with|touch|"
    r"run|deploy|put|build on|rely on))\b",
    re.IGNORECASE,
)
"""Words that ask about turning away from what follows them ("avoid TensorFlow", "steer clear of PyTorch", "not
use TensorFlow Serving"), when a framework or its tool follows."""
_MISTAKE = re.compile(
    r"\b(?:an?|the) (?:\w+ )?(?:mistake|bad idea|bad call|bad move|blunder|error of judgement)\b|\bwrong to\b|"
    r"\bregret\b|\b(?:unwise|ill-advised|foolish)\b",
    re.IGNORECASE,
)
"""Words that ask whether a choice is a mistake ("Is it a mistake to run ... on TensorFlow Lite?")."""
_OR = re.compile(r",?\s+or\s+", re.IGNORECASE)
_OBJECT_REACH = 3
"""How many words after a turning-away word may name a framework that is what it turns away from ("avoid the
Google framework"; not "drop a breakpoint() inside a PyTorch forward pass")."""


def asks_against(text: str) -> bool:
    """Whether a yes/no asks about turning away from a framework, so that a yes means the other one or no
    change: "Should we avoid TensorFlow for research?", "Would it be a mistake to serve it with TensorFlow
    Serving?" (a framework or its tool follows the turning-away words). A clause that opens with a
    negated auxiliary asks the positive ("Shouldn't I use PyTorch?"), and words that turn away from something
    else ("Does TensorFlow skip the copy?") do not count; a mistake to turn away ("Is it a mistake to avoid PyTorch?")
    turns back."""
    clause = asking_clauses(text)[-1] if asking_clauses(text) else text
    # "Is it a mistake to run it on TensorFlow Lite?" (its alternative names a framework); not "Is PyTorch good
    # for research, or is that a mistake?"
    mistaken = any(_MISTAKE.search(part) and rivals_in(part, called=True) for part in _OR.split(clause))
    turned = any(
        rivals_in(" ".join(clause[m.end() :].split()[:_OBJECT_REACH]), called=True) for m in _TURN_AWAY.finditer(clause)
    )
    return mistaken != turned  # "Is it a mistake to avoid PyTorch?" asks for PyTorch


_MADE = (
    r"made|created|developed|launched|backed|supported|built|maintained|owned|sponsored|released|started|founded|"
    r"designed|funded"
)
_MAKES = (
    r"make|makes|made|create|creates|created|develop|develops|developed|launch|launches|launched|back|backs|backed|"
    r"build|builds|built|own|owns|owned|maintain|maintains|maintained|fund|funds|funded|behind"
)
_KIND = r"thing|project|product|framework|library|tool|toolkit|creation|invention|baby"
_FROM, _FROM_REACH = 2, 3
_PRONOUN = re.compile(r"\b(?:it|they|this|that)\b", re.IGNORECASE)
"""Which maker's construction is "from <organisation>", and how many words before it may name the framework."""


def _names_what_is_made(words: str) -> bool:
    """Words before "from <organisation>" that name what is made: a framework, or "it" for one named before."""
    return bool(mention_spans(words)) or _PRONOUN.search(words) is not None


def makers_asked(sentence: str, organisations: str) -> list[tuple[int, str]]:
    """(where, name) of each organisation a question asks made or backs something, in a maker's construction:
    "made by Meta", "Did Meta create ...", "Does Google back JAX", "from Google", "an amazon thing", "Amazon's?".
    ``organisations`` is an alternation of the names to look for. An organisation named otherwise ("a Google
    interview project", "on Google Cloud") is not asked about as a maker."""
    org = rf"(?P<org>(?<![\w-])(?:{organisations})(?![\w-]))"
    constructions = (
        rf"\b(?:{_MADE})\s+(?:\w+\s+)?by\s+(?:the\s+)?{org}",
        rf"{org}(?:['’]s)?(?:\s+[\w-]+){{0,3}}?\s+(?:{_MAKES})\b",
        rf"(?<!,\s)\bfrom\s+(?:the\s+)?{org}",  # "Is JAX from Google?"; not "PyTorch, from Facebook, ..."
        rf"\ban?\s+{org}\s+(?:{_KIND})\b",
        rf"{org}['’]s\W*$",
        rf"{org}['’]s\s+(?:[\w-]+\s+){{0,2}}(?:{_KIND})\b",
    )
    found = {
        m.start("org"): m["org"]
        for number, construction in enumerate(constructions)
        for m in re.finditer(construction, sentence, re.IGNORECASE)
        # "from Google" says who made what is named just before it ("Is PyTorch from Google Brain?"), not where
        # someone comes from ("I am from Google.")
        if number != _FROM or _names_what_is_made(" ".join(sentence[: m.start()].split()[-_FROM_REACH:]))
    }
    return sorted(found.items())


SET_ASIDE = re.compile(r"\b(?:besides|other than|apart from|aside from|except(?: for)?|beyond)\b", re.IGNORECASE)
"""Words that set the frameworks they name aside ("a third option besides torch and TF")."""
NO_ONE_WINNER = re.compile(
    r"\b(?:neither|no (?:single|clear|outright|one|overall|real) (?:\w+ )?(?:winner|champion|victor|pick)|no winner|"
    r"their (?:own )?place|a (?:draw|tie)|it depends|"
    r"(?:use|uses|using|run|runs|running|learn|learning|keep|keeping|adopt|pick|choose|support|supporting)\s+"
    r"(?:\w+\s+)?both|both\b.{0,40}\b(?:their place|have a place|are (?:good|useful|valuable|worth|needed)|win))\b",
    re.IGNORECASE,
)
ONE_WINNER = re.compile(
    r"\b(?:crown(?:s|ed|ing)?|winner|champion|victor|outright|(?:a |one )(?:single |clear |overall )?(?:best|pick))\b",
    re.IGNORECASE,
)
"""Words by which a yes/no about an article's verdict proposes that both frameworks have their place ("Is the
verdict that neither clearly wins?") or that one wins ("Does the article crown a single winner?")."""
_DENIED_BEFORE = re.compile(
    r"\b(?:no|not|never|nothing|without|zero|instead of|rather than|avoid(?:s|ed|ing)?|skip(?:s|ped|ping)?|"
    r"spar(?:e|es|ed|ing)|dodg(?:e|es|ed|ing))(?:\s+(?!(?:and|but|or)\b)[\w'’]+){0,3}[\s-]*$",
    re.IGNORECASE,
)
"""A denial in the few words before a word ("without copying", "avoid the copy", "zero-copy"). Not "n't": a
question opening "Doesn't TensorFlow copy ...?" asks whether it copies."""


def _base_forms(word: str) -> tuple[str, ...]:
    """A check's failure word and its base form ("copies", "copied": "copy"; "drifted": "drift")."""
    head, _, rest = word.partition(" ")
    endings = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"))
    for ending, base in (*endings, ("xes", "x"), ("s", "")):
        if head.endswith(ending) and len(head) > len(ending) + 2:
            stem = head[: -len(ending)] + base
            silent_e = (f"{stem}e {rest}".strip(),) if ending in ("ed", "ing") else ()  # "diverged": "diverge"
            return (word, f"{stem} {rest}".strip(), *silent_e)
    return (word,)


_NEGATED_OPENING = re.compile(
    r"^(\W*)(?:(is|are|was|were|does|do|did|could|would|has|have|had|should)n['’]?t|(ca)n['’]?t|(wo)n['’]t)\b",
    re.IGNORECASE,
)


_CAPABILITY = re.compile(
    r"^\W*(?:can|could)\b|\b(?:able to|possible to|capable of|works? (?:for|with|on)|supports?)\b", re.IGNORECASE
)


def asks_capability(text: str) -> bool:
    """Whether a question asks whether something can be done ("Can a Keras model be converted to LiteRT?", "Is
    PyTorch able to ...?"), which a check answers, not what it is like ("Is the conversion lossy?")."""
    return any(_CAPABILITY.search(clause) for clause in asking_clauses(text))


def affirms_failure(text: str, failure_words: tuple[str, ...]) -> bool:
    """Whether a question's asking sentence asks about a check failing: it uses one of the words the check declares
    for failing, or its base form, with no denial just before ("Does TensorFlow copy the array?"; not "without
    copying", "zero-copy", "does it avoid the copy"), or says something fails as a claim would
    (:func:`knowledge.reading.read`: "Does TensorFlow Lite fail to run a Keras model?"; a question opening "Doesn't
    ..." asks the positive)."""
    sentence = asking_sentence(text)
    positive = _NEGATED_OPENING.sub(lambda m: m[1] + (m[2] or ("can" if m[3] else "will")), sentence)
    if read(positive).fails:
        return True
    for word in {form for failure in failure_words for form in _base_forms(failure)}:
        for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", sentence, re.IGNORECASE):
            if not _DENIED_BEFORE.search(sentence[max(0, match.start() - 40) : match.start()]):
                return True
    return False


RANKED_ABOVE = re.compile(
    r"\b(?:higher|highest|above|over|more|most|beats?|beating|tops?|outscores?d?|outranks?|ahead|better|best|"
    r"exceeds?|greater|bigger)\b",
    re.IGNORECASE,
)
RANKED_BELOW = re.compile(
    r"\b(?:lower|lowest|below|under|fewer|less|least|behind|trails?|trailing|worse|worst|beneath|smaller)\b",
    re.IGNORECASE,
)
"""Words that put one side of a ranking (a star rating) above or below the other ("rated under TensorFlow")."""
SAME = re.compile(
    r"\b(?:(?:the )?same|tied?|tie[sd]|equal(?:ly)?|identical(?:ly)?|dead heat|no different)\b",
    re.IGNORECASE,
)
"""Words that ask whether two ratings or two measurements are the same ("Did they tie?", "about the same size?")."""
_ABOVE = r"(?:above|over|more than|higher than|greater than|better than|beyond|north of|exceeds?|tops?)"
_BELOW = r"(?:below|under|less than|lower than|fewer than|worse than|beneath|south of|shy of)"
BOUND_BEFORE = re.compile(
    r"(?:(?P<least>at least|no (?:less|fewer) than|not (?:under|below))"
    r"|(?P<most>at most|no more than|not (?:over|above))"
    rf"|(?P<above>{_ABOVE})|(?P<below>{_BELOW}))\s+(?:(?:a|an|the|just|only)\s+)?$",
    re.IGNORECASE,
)
"""The words before a figure that make it a bound ("over 4.5", "under two seconds", "at least 4.6"), not the figure
itself."""
BOUND_AFTER = re.compile(
    r"^\s*(?:stars?|points?)?\s*(?:(?P<least>or (?:more|above|higher|better|over)|and up)|"
    r"(?P<most>or (?:less|fewer|below|lower|under)))\b",
    re.IGNORECASE,
)
"""The words after a figure that make it a bound ("four stars or more")."""


def bound_of(before: str, after: str) -> str:
    """The comparison a figure is asked with, from the words around it: ">", ">=", "<", "<=", or "=" for none."""
    if bound := BOUND_BEFORE.search(before):
        return ">=" if bound["least"] else "<=" if bound["most"] else ">" if bound["above"] else "<"
    if bound := BOUND_AFTER.match(after):
        return ">=" if bound["least"] else "<="
    return "="


def bound_holds(value: float, op: str, limit: float, tolerance: float) -> bool:
    """Whether ``value`` stands to ``limit`` as ``op`` says; "=" within ``tolerance`` (a share of the larger)."""
    near = abs(value - limit) <= tolerance * max(abs(value), abs(limit))
    return {
        "=": near,
        ">": value > limit and not near,
        "<": value < limit and not near,
        ">=": value > limit or near,
        "<=": value < limit or near,
    }[op]


ALTERNATIVES = re.compile(
    r"\b(?!(?:yes|true|right|correct)\s+or\b)(?:\w+|[\d.]+)\s+or\s+"
    r"(?!(?:(?:more|less|fewer|above|below|higher|lower|over|under)\b(?!\s+than)|not\b|so\b))",
    re.IGNORECASE,
)
"""Alternatives offered in the asking clause ("rated 4.5 or 4.6?", "higher or lower than TensorFlow?"): no yes or
no answers them."""
RANKS_AGAINST = re.compile(
    r"above|below|over|under|behind|beneath|ahead|beats?|beating|tops|topped|topping|outscores?d?|outranks?|trails?|"
    r"trailing",
    re.I,
)
"""Ranking words that set the framework after them against the one before ("rated above TensorFlow")."""
THAN = re.compile(r"^\W*(?:\w+\W+){0,3}?than\b", re.IGNORECASE)
ROUGHLY_BEFORE = re.compile(
    r"\b(?:about|around|roughly|approximately|approx\.?|nearly|almost|close to|some|circa|ca\.)\s+$|~\s*$", re.I
)
"""The words before a figure that give it as a round one ("about half a gigabyte")."""
REFERENCE_FIGURE = re.compile(r"['’]s\s+$|\b(?:its|their|the)\s+$|/\s*$|\bout of\s+$")
"""Words right before a figure that make it a reference, not what is asked ("PyTorch's 4.5", "out of 5")."""
DESCRIBING_FIGURE = re.compile(r"^\s*(?:-|\s)?(?:star(?:red)?|rated|point)\s+(?:framework|library|one|toolkit)\b", re.I)
"""Words right after a figure that make it a description ("the 4.6-star framework")."""
COMPARATIVE = re.compile(
    r"\b(higher|highest|lower|lowest|better|best|worse|more|most|less|top|winner|wins?|beats?|than)\b", re.IGNORECASE
)
WEAKNESS_WORDS = re.compile(
    r"\b(heav(?:y|ier|iest)|slow(?:er|est)?|less (?:mature|flexible)|complex|harder|hard to|difficult|"
    r"lag(?:s|ging)?|(?:falls?|lags?) behind|worse|weak(?:er|est|ness(?:es)?)|downsides?|drawbacks?|cons|catch|"
    r"limitations?|disadvantages?|fall(?:s)? short|(?:needs?|requires?) more|negatives?|problems?|steep(?:er)?)\b",
    re.IGNORECASE,
)
"""A question asking where a framework is weak: the pick is the framework the claims fault."""
DRAWBACKS = re.compile(
    r"\b(downsides?|drawbacks?|weakness(?:es)?|cons|catch|limitations?|disadvantages?|fall(?:s)? short|"
    r"negatives?|problems?|issues)\b",
    re.IGNORECASE,
)
PROS = re.compile(r"\b(pros|strengths?|advantages?|benefits?|upsides?|good about|love about|strong points?)\b", re.I)
ASKS_WHO = re.compile(r"\bwho(?:m|se|'s)?\b", re.IGNORECASE)
""""Who" anywhere in a question ("..., which I know is Google's: who is behind PyTorch?")."""
WHO = re.compile(
    r"^\s*(?:who|whom|whose)\b|\b(?:which|what) (?:compan(?:y|ies)|organi[sz]ations?|enterprises|businesses|teams?)\b"
    r"|\b(?:name|list)\b.*\bcompan",
    re.IGNORECASE,
)
SHOULD_I = re.compile(r"^\s*(?:should|shall|must) (?:i|we|my|our|a|the)\b|\bis it worth\b", re.IGNORECASE)
HOW_TO = re.compile(
    r"^\s*how (?:do|can|could|should|would|to)\b|^\s*(?:what|which) (?:\w+ )?(?:tools?|formats?|apis?|runtimes?)\b"
    r"|^\s*what (?:can|should) i use\b",
    re.IGNORECASE,
)
MEASURABLE = re.compile(
    r"\b(fast(?:er|est)?|slow(?:er|est)?(?! to adopt)|speed|memory|ram|footprint|latency|throughput|"
    r"(?:install(?:ation)?|disk|download|package|wheel) size|import(?:s|ing)? (?:faster|slower|quick\w*|time))\b",
    re.IGNORECASE,
)
"""Asks what a benchmark measures (speed, memory, import time, install size), which the article never does."""
EVALUATIVE = re.compile(
    r"\b(good|great|better|best|suited|suitable|fit|fine|viable|adequate|sensible|right|ideal|recommended|worth|choice|"
    r"wise|smart)\b",
    re.I,
)
LOWER = re.compile(r"\b(lower|lowest|worse|worst)\b", re.IGNORECASE)
FOREIGN_KIND = re.compile(
    r"\b(javascript|js|web|css|front-?end|back-?end|ui|testing|test|php|java|ruby|rust|game|logging|mobile app|"
    r"orm|http|rest)\s+(?:web\s+)?(?:frameworks?|librar(?:y|ies)|toolkits?)\b",
    re.IGNORECASE,
)
"""A framework or library of another kind ("a JavaScript framework"): about another technology."""
_ML_TERMS = (
    r"models?|neural|deep learning|machine learning|ml|ai|train(?:s|ed|ing)?|inference|gpus?|tensors?|"
    r"hyper-?parameters?|datasets?"
)
ML_WORDS = re.compile(rf"\b({_ML_TERMS})\b", re.IGNORECASE)
ANCHOR = re.compile(
    rf"\b(frameworks?|librar(?:y|ies)|toolkits?|{_ML_TERMS}|prototyp\w*|research|"
    r"which one|the two|these two|either|both|debug\w*|deploy\w*|graphs? (?:mode|execution)|computational|"
    r"research\w*|academ\w*|enterprises?|computer vision|nlp|natural language|gans?|reinforcement learning|"
    r"pythonic|auto-?ml|eager|onnx|the article)\b",
    re.IGNORECASE,
)
"""Words that tie a question to machine-learning frameworks; without one, shared words alone are weak evidence."""
SETS_APART = re.compile(
    r"\b(?:or|nor|vs\.?|versus|between|than|beats?|against|compared|unlike|relative to|instead of)\b", re.IGNORECASE
)
"""Words that set one thing against another anywhere in a phrase ("JAX vs PyTorch, honestly: ...")."""
EITHER_OR = re.compile(r"\bor\b", re.IGNORECASE)
"""An alternative ("..., or should I stick with it?")."""
SET_AGAINST = re.compile(
    r"\b(?:than|over|against|versus|vs\.?|compared (?:with|to)|next to|unlike|relative to)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
"""The words that set a framework against another, right before its name ("better than TensorFlow", "PyTorch's edge
over TF"): the framework named after them is the one compared with, not the one asked about."""
