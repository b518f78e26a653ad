"""Whether a sentence asserts what it says, or only mentions it.

A question, a reported view the author does not take up ("people say that ..."), a "Myth:" the text goes on to
test, a counterfactual, an instruction, a line of source code, a caption, a plan or a measurement not made, an
outline of what the text will cover, an experience the writer has not had, and the history of a release no job runs
(TF 1.x, "initially") assert nothing a job can measure. These are rules of grammar and of how documents are laid
out, not the vocabulary of any one article.

:func:`asserts` is what :func:`knowledge.reading.read` sets :attr:`~knowledge.reading.Reading.asserts` from. Standard
library only, like the reading: the serving process reads every ingested sentence.
"""

from __future__ import annotations

import re

from knowledge.frameworks import NAMES_WITH_MODE

_COUNTERFACTUAL = re.compile(
    r"^\W*if\b[^,;:]*\b(?:did(?:n['’]t| not)|were(?:n['’]t| not)?|was(?:n['’]t| not)|had(?:n['’]t| not)?)\b"
    r"[^;:]*\bwould\b",
    re.IGNORECASE,
)
"""A counterfactual ("If torch.from_numpy didn't share memory, the pipeline would need twice the RAM"): it
supposes what is not the case and asserts nothing of it."""
_LEAD_IN = r"^\W*(?:\d+(?:\.\d+)*[.)]?\s+)?(?:\([^)]{1,20}\)\s*)?(?:(?i:when|if|once|before|after)\b[^,;:]{1,80},\s*)?"
"""What may stand before a sentence's first word proper: a list number, a bracketed note, an opening clause."""
_INSTRUCTION = re.compile(
    _LEAD_IN + r"(?i:put|place|call|check|convert|run|use|try|set|add|install|measure|compare|load|save|export|"
    r"write|open|pick|choose|switch|wrap|decorate|replace|remove|build|train|repeat|time|print|modify|rerun|pin|"
    r"import|keep|make sure|leave|skip|avoid|start|create)\s+(?:\([^()\s]+(?:\s+[^()\s]+)+\)\s+)?"
    r"(?:(?i:the|a|an|your|our|its|their|it|them|both|each|every|this|these|those|one|two|whether|if|how|what)\b"
    r"|[\w.]+[._(]|[A-Z])"
)
"""An instruction ("Put breakpoint() in forward and print an activation", "When the outputs differ, compare ..."):
it tells the reader what to do and claims nothing of what happens. A name with a call or a dot follows the verb
("call model.eval()"), or an aside of two words or more ("Wrap (or decorate) the step"), not a bracketed unit ("Import
(s) — PyTorch: 1.6; TensorFlow: 4.1" is a table row)."""
_NAMED_TASK = re.compile(r"\W*(?:\[[ xX]?\]\s*)?([A-Z][\w.'-]{1,23}):\s+")
"""A person's name before a colon that opens an action item ("Marek: rerun the old step ..."); a framework's name
there says whose side the item is on ("TensorFlow: export a SavedModel ...")."""
_CAPTION = re.compile(r"^\W*(?:table|figure|fig\.|listing)\s*\d+[a-z]?\s*[:.]", re.IGNORECASE)
"""A table's or figure's caption says what is shown, not what it shows."""
_UNTRIED = re.compile(
    r"\b(?:i|we)\s+(?:have(?:n['’]t| not)|had(?:n['’]t| not)|did(?:n['’]t| not)|do(?:n['’]t| not)|never|"
    r"(?:have|had)\s+never)\s+(?:yet\s+|actually\s+|even\s+)?"
    r"(?:tried|tested|measured|timed|benchmarked|checked|compared|used|need|needed|ship|shipped|looked|run|ran)\b",
    re.IGNORECASE,
)
"""An experience the writer has not had ("I haven't tried loading it from C++", "we don't ship to phones"): what
follows from it is about the writer, not a framework's failure."""
_NOBODY_TRIED = re.compile(
    r"\b(?:nobody|no one|none of us)(?:\s+(?!(?:who|that|which)\b)[\w-]+){0,4}?\s+(?:has|have|had)\s+"
    r"(?:yet\s+|actually\s+|even\s+)?(?:tried|tested|measured|timed|benchmarked|checked|compared)\b"
    r"|\b(?:has|have|had)(?:n['’]t|\s+not)\s+(?:yet\s+)?been\s+(?:tried|tested|measured|timed|benchmarked|checked)"
    r"\s+(?:yet|so far)\b",
    re.IGNORECASE,
)
"""An experience nobody has had ("Nobody has tried a TorchScript round trip yet", "The libtorch loader has not been
tried yet"; not "nobody who has tried both ...", nor a fact such as "has not been tested or supported by Google"):
said of a whole sentence, it asserts nothing; beside a clause of its own ("TFLite conversion works, but
quantisation has not been tested"), that clause still asserts (:data:`_CLAUSE_TURN`)."""
_CLAUSE_TURN = re.compile(r"[;,:]|\s(?:but|and|while|whereas|though|although|yet|so)\s", re.IGNORECASE)
_HISTORY = re.compile(
    r"^\W*(?:(?:tf|tensorflow)\s?1(?:\.x|\.\d+(?!\s*(?:ms|s|sec|seconds|mb|gb|%|x)\b)|(?![.\d]))|originally|initially|"
    r"traditionally|historically|in (?:the|its) early days|(?:earlier|older|early|previous) (?:versions?|releases?)|"
    r"before (?:version )?2\.0|back (?:then|in (?:19|20)\d\d)|in 201[0-9])\b",
    re.IGNORECASE,
)
"""A sentence that opens in a framework's past ("TensorFlow 1.x used static graphs", "Initially using a static graph,
...", "Earlier versions required sessions", "In 2016, ..."): the history of a release no job runs asserts nothing a
job can measure, unless it turns to the present ("Originally built by Google Brain, TensorFlow now runs eagerly"). A
past named later in the sentence is a contrast with the present ("... so the graph boilerplate of TF 1 is gone")."""
_NOW = re.compile(r"\b(?:now|today|nowadays|currently|these days)\b", re.IGNORECASE)
"""A turn to the present that makes a sentence opening in the past assert again."""
_PLAN = re.compile(
    r"^\W*(?:next (?:time|episode|week|sprint|quarter|step)|todo|to do|future work|coming soon|planned)\b"
    r"|\b(?:will|to) be (?:covered|measured|tested|benchmarked|tried|timed|compared)\b"
    r"|\b(?:was|were|is|are) not (?:yet )?(?:attempted|tried|tested|measured|run|covered|benchmarked|timed)\b"
    r"|\bnot (?:run|tried|tested|measured) (?:this|yet)\b|\boutside the scope\b",
    re.IGNORECASE,
)
"""A plan or a measurement not made ("Next time: SavedModel serving", "exports were outside the scope of this poster
and will be covered in a follow-up", "TFLite: not run this quarter"): nothing is claimed of what was not done."""
_OUTLINE = re.compile(
    r"\b(?:we(?:['’]ll|\s+will|\s+are going to)|let['’]s)\s+(?:now\s+|also\s+|briefly\s+)?"
    r"(?:look at|compare|cover|explore|discuss|examine|go over|walk through|dive into|break down)\b"
    r"|\bthis (?:article|post|guide|tutorial|section|chapter|page|video) will "
    r"(?:look at|compare|cover|explore|discuss|examine|walk through|break down)\b"
    r"|(?P<present>\bin this (?:article|post|guide|tutorial|section|chapter|page|video|blog),? (?:we|i)\s+"
    r"(?:look at|compare|cover|explore|discuss|examine|go over|walk through|dive into|break down)\b"
    r"|\bthis (?:article|post|guide|tutorial|section|chapter|page|video) "
    r"(?:looks? at|compares?|covers?|explores?|discuss(?:es)?|examines?|walks? through|breaks? down|explains?"
    r"|introduces?|describes?|outlines?|reviews?|focus(?:es)? on)\b)",
    re.IGNORECASE,
)
"""An outline of what the text will cover ("In this article, we will look at the difference between PyTorch and
TensorFlow in terms of debugging, deployment and performance", "This article explains PyTorch vs TensorFlow from the
ground up"): it names topics and claims nothing of them, unless a finding follows it after a colon or a semicolon
("Let's compare the footprint: the TensorFlow wheel is 600 MB"). A writer's own "I'll look at ..." is a plan of
theirs, often beside a finding ("I'll also look at torch.compile; on my laptop it shaved a quarter off the step"), so
only the authorial "we", "let's" and "this article" outline. An article describing itself in the present tense
states a finding when it goes on to one ("This article explains why PyTorch imports twice as fast", "we compare the
two and find ..."); "how" and "that" name a topic as often ("explains how to export to ONNX")."""
_FOUND = re.compile(
    r"\b(?:why|in which|finds?|found|shows?|showed|shown|concludes?|concluded)\b",
    re.IGNORECASE,
)
"""After a present-tense description of the article: the finding it goes on to."""
_ENUMERATION = re.compile(
    r"(?![^\n]*\b(?:is|are|was|were|has|have|had|does|did|takes?|took|runs?|ran|can|will)\b)[^\d\n,]*(?:,[^\d\n,]*){2,}$",
    re.IGNORECASE,
)
"""Three items or more, no figure and no verb: what follows an outline's colon when it only names its topics ("we
compare five tools: PyTorch, TensorFlow, LiteRT, TensorRT, and ONNX"). Figures are findings ("TensorFlow 600 MB,
PyTorch 800 MB, JAX 300 MB")."""


_OUTLINE_BREAK = re.compile(r"[:;]")
"""Where an outline may go on to what it found (only the first one is read)."""


def _outline(text: str) -> bool:
    """Whether the sentence is an outline with no finding after it (:data:`_OUTLINE`)."""
    outline = _OUTLINE.search(text)
    if outline is None:
        return False
    if outline.group("present") and _FOUND.search(text, outline.end()):
        return False
    colon = _OUTLINE_BREAK.search(text, outline.end())
    if colon is None:
        return True
    rest = text[colon.end() :].strip()
    return not rest or _ENUMERATION.match(rest) is not None


_MYTH = re.compile(r"\W*(?:\d+[.)]\s*)?(?:myth|misconception|common belief)(?:\s*#?\d+)?\s*[:—-]", re.IGNORECASE)
"""A sentence led by "Myth:" states the view the text goes on to test, not one it asserts."""
_REPORTED = re.compile(
    r"\b(?:keep (?:reading|saying|hearing)|(?:have|has|had) read|people (?:say|think|assume)|assumes?|"
    r"(?:i|we|they|people|everyone) (?:had )?expected|suspects?|tempted to|"
    r"told me|post says|posts say|i heard|(?:common|conventional|received) wisdom (?:is|says|has it)(?! wrong)|"
    # what many people find or hold, not what the writer asserts ("many find its style clearer for debugging", "it is
    # widely regarded as easier", "is said to")
    r"(?:many|most|some|a lot of|plenty of)\s+(?:\w+\s+)?(?:have\s+)?"
    r"(?:find|found|consider|considered|feel|describe|described)|"
    r"(?:many|most|some|a lot of|plenty of)\s+(?:users|developers|people|engineers|researchers|practitioners|folks"
    r"|teams|commenters|readers)\s+(?:have\s+)?report(?:s|ed)?|asked (?:whether|if)|wonder(?:s|ed)? (?:whether|if)|"
    r"(?:is|are|was|were)\s+(?:often|widely|generally|commonly|usually|frequently)\s+"
    r"(?:considered|regarded|described|thought|viewed|believed|said|perceived)|(?:is|are)\s+said\s+to|"
    r"rumou?r|(?:insists?|argues?|swears?|believes?|believing|believed|thinks?|thinking|thought|convinced|claims?) "
    r"that)\b",
    re.IGNORECASE,
)
"""A view reported, not asserted ("I keep reading that", "people say", "he insists that"): read in the words before
the claim only, so a finding after it in its own clause still counts."""
_OTHERS_VIEW = re.compile(r"\b(?:believe[sd]?(?!\s+(?:me|it)\b)|(?:said|felt|feels) that)\b", re.IGNORECASE)
"""What someone said, felt or believes ("the pitch deck said that", "another felt that", "most students believe"); not
the writer's own hedge ("I believe", "we strongly believe", "I felt that"), nor "hard to believe"."""
_THE_WRITER = frozenset({"i", "we", "i've", "we've", "i'd", "we'd", "i'm", "to"})
_BEFORE_THE_VERB = re.compile(
    r"\w+ly|always|still|all|also|really|do|did|does|have|has|had|just|too|both|genuinely|honestly", re.IGNORECASE
)
"""Adverbs and auxiliaries between a view's holder and its verb ("I have always believed", "we all felt")."""


def _reported(text: str) -> bool:
    """Whether ``text`` reports a view rather than asserting it (:data:`_REPORTED`, :data:`_OTHERS_VIEW`)."""
    if _REPORTED.search(text):
        return True
    return any(
        _holder(text[max(0, view.start() - 60) : view.start()]) not in _THE_WRITER
        for view in _OTHERS_VIEW.finditer(text)
    )


def _holder(before: str) -> str:
    """The word that holds a view, read back from its verb past adverbs and auxiliaries ("I have always believed":
    "i"; "most people I know believe": "know")."""
    for word in reversed(before.replace("’", "'").split()):
        if not _BEFORE_THE_VERB.fullmatch(word):
            return word.lower().strip(",;:")
    return ""


_NO_VALUE = re.compile(
    r"^[^:;,]*:\s*(?:n/?a|-{1,3}|—|–|\?|not applicable|not tested|untested|not run|skipped|tb[dac])\s*[.)]?\s*$",
    re.IGNORECASE,
)
"""A labelled cell or item whose one value is a placeholder ("Breakpoint shows values (tf.function) — PyTorch: n/a",
"ONNX: --"): nothing was filled in, so nothing is said. A line with other values before it ("PyTorch: 1.3 s,
TensorFlow: 4.1 s, JAX: n/a") still says what they say."""
_PROMPT = re.compile(r"^\s*(?:In \[\d*\]:|Out\[\d*\]:|>>>\s)")
"""An interactive session's prompt ("In [3]: points = torch.from_numpy(a)", ">>> x.numpy()")."""
_STATEMENT = re.compile(
    r"^\s*(?:(?:def|class)\s+\w+\s*[(:]|with\s+[\w.]+\(.*\)\s+as\s+\w+\s*:|for\s+\w+(?:\s*,\s*\w+)*\s+in\s+\S.*:\s*$"
    r"|import\s+[\w.]+(?:\s+as\s+\w+)?\s*$|from\s+[\w.]+\s+import\s+\w)"
)
"""A line that opens as a Python statement does ("import torch", "with tf.Session() as sess:", "for i in range(3):")."""
_ASSIGNMENT = re.compile(r"""^\s*[A-Za-z_][\w.\[\]]*\s*=\s*(?:[\w.]+\(|[\d"'\[{])""")
"""A line that opens by giving a name a call, a number, a string or a collection ("x = torch.randn(3)"); not a
keyword argument inside a line ("(batch_size=64, lr=1e-3)"), nor a word ("torch.from_numpy = zero-copy")."""
_CALL = r"[A-Za-z_][\w.]*\([^()]*(?:\([^()]*\)[^()]*)*\)"
_CALLED = re.compile(rf"^\s*(?:[A-Za-z_][\w.]*\s*=\s*{_CALL}|{_CALL}\s*(?:#.*)?$|{_CALL}\s+[A-Za-z_][\w.]*(?:\s*=|\())")
"""A line that opens by giving a name a call's value ("y = tf.pow(x, 2) + 2 * x"), or that is a call followed by
nothing or by another statement ("print(total)", "model.eval() dummy = torch.randn(1, 3)"); not a call that the
prose goes on about ("print() and breakpoint() just work", "torch.compile() helps (a lot)")."""
_CODE_TOKEN = re.compile(r"""\w\((?!\d+\))|\w\[(?!\d+\])|\S=|=\S|[{}]|\w_\w|^["'].*["'][,)]*$""")
"""A word as code writes it: a call or an index, a keyword argument or a brace, a snake_case name, a string literal
(an "=" standing alone between words is prose's as much as code's, and "faster[2]" is a footnote)."""
_INLINE_STATEMENT = re.compile(
    r"(?:^|(?<=[\s:;#)]))(?:(?P<block>def\s+[A-Za-z_]\w*\s*\([^()]{0,200}\)\s*:"
    r"|for\s+\w+\s+in\s+[\w.]+\([^()]{0,200}\)\s*:|with\s+[\w.]+\([^()]{0,200}\)\s+as\s+\w+\s*:)"
    r"|import\s+[\w.]+\s+as\s+\w+|[A-Za-z_][\w.]*\s*=\s*[A-Za-z_][\w.]*\()"
)
"""A Python statement anywhere in a line: a page's code block flattened into one line of text ("import torchimport
numpy as np# Create an arrayarr = np.array([1, 2])tensor = torch.as_tensor(arr)", "def net(x): for i in range(n):
..."). ``block`` is a statement prose never writes (a def, a loop over a call, a with-block); the others are an
import under an alias and a name given a call's value."""
_COMMENT = re.compile(r"(?:^|(?<=\s))#\s+[A-Za-z]|(?<=\w)#\s+[A-Z]")
"""A code comment ("# Create an array", "np# Create" where a line break was lost); not an issue number ("#1234"), a
hashtag ("#PyTorch") or "C# and"."""
MIN_CODE_WORDS = 3
"""A line reads as code on the share of its words only when at least this many are code's: two calls in a sentence
("torch.compile() beats tf.function() here") are prose naming code."""


def _code(text: str) -> bool:
    """Whether a line is source code that reached the reader as prose (a page's unfenced example): it runs
    something, it claims nothing. Mathematics (``$t_{TF} = 3.6$``) is prose."""
    if "$" in text or "\\math" in text:
        return False
    if _PROMPT.match(text) or _STATEMENT.match(text) or _CALLED.match(text):
        return True
    statements = list(_INLINE_STATEMENT.finditer(text))
    if len(statements) >= 3 or (
        len(statements) == 2 and (_COMMENT.search(text) or any(statement["block"] for statement in statements))
    ):  # two assignments alone may be prose naming code ("x = torch.from_numpy(a) shares, y = x.numpy() too")
        return True
    words = text.split(" # ")[0].split()  # a trailing comment is the code's prose
    coded = sum(bool(_CODE_TOKEN.search(word)) for word in words)
    if coded < MIN_CODE_WORDS:
        return False
    return coded >= 0.5 * len(words) or (coded >= 0.3 * len(words) and _ASSIGNMENT.match(text) is not None)


_TRAILER = re.compile(r"(?:\s*+(?:\([^()]{0,24}\)|\[[^\[\]]{0,24}\]|[^\w\s?()\[\]]))*+\s*$")
"""What may follow a sentence's last word: short bracketed asides, vote counts, footnote marks, quotes, emoji
("... in tf.function? (+3)", "... measured it? [2]")."""


def asserts(text: str, lead: str | None = None) -> bool:
    """Whether the sentence asserts what it says.

    ``lead`` is the part of the sentence a reported view would stand in before its claim (the words before its first
    comparative, in their own clause: "... closer than people think; in my runs TensorFlow sat lower" asserts its
    second clause); the whole sentence when None.
    """
    if _TRAILER.sub("", text[-64:]).endswith("?") or _reported(text if lead is None else lead):
        return False
    if _HISTORY.match(text) and not _NOW.search(text):
        return False
    if _outline(text) or _code(text) or _NO_VALUE.search(text):
        return False
    leads = (_MYTH, _INSTRUCTION, _CAPTION)  # how the sentence opens
    anywhere = (_COUNTERFACTUAL, _UNTRIED, _PLAN)
    named = _NAMED_TASK.match(text)
    if named and not _names_framework(named.group(1)) and _INSTRUCTION.match(text[named.end() :]):
        return False  # "Ana: check whether the export gets past the op": a task given to someone
    if _NOBODY_TRIED.search(text) and not _CLAUSE_TURN.search(text):
        return False
    return not any(p.match(text) for p in leads) and not any(p.search(text) for p in anywhere)


def _names_framework(text: str) -> bool:
    return any(regex.search(text) for regex, _, _ in NAMES_WITH_MODE)
