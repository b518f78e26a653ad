"""The words questions are asked in: which claim topic a question's vocabulary points to, and the phrases
that tell its form (a choice, a yes/no, a drawback, a how-to, ...).

Question-side vocabulary ("troubleshoot", "phones", "downsides") mapped to the claim topics of
``knowledge.labels``: domain knowledge about the subject, not about any question set.
"""

from __future__ import annotations

import re

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
