// Weigh-in chat page: keeps one conversation (POST /v1/conversations, then .../messages), so follow-ups
// ("and for mobile?", "what's the catch with it?") are read in context, and renders each answer into the history.
// Every value from the server is placed with textContent / createElement (quotes come from documents
// anyone may ingest), and the markup mirrors what api/routes/pages.py renders for the no-JS path.
(() => {
  "use strict";

  const FRAMEWORKS = { pytorch: "PyTorch", tensorflow: "TensorFlow", both: "Both" };
  // The verdict vocabulary is served by the page (evaluators.verdicts.LABELS), never copied here.
  const labels = document.getElementById("weighin-verdict-labels");
  const VERDICTS = labels ? JSON.parse(labels.textContent) : {};
  const wording = document.getElementById("weighin-page-words");
  const WORDS = wording ? JSON.parse(wording.textContent) : {};

  const form = document.getElementById("ask-form");
  const input = document.getElementById("question");
  const button = document.getElementById("ask-button");
  const alertBox = document.getElementById("alert");
  const history = document.getElementById("history");
  const restart = document.getElementById("new-conversation");
  let conversationId = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function hidden(text) {
    return el("span", "visually-hidden", text);
  }

  function showAlert(message) {
    alertBox.textContent = message;
    alertBox.hidden = false;
  }

  function clearAlert() {
    alertBox.textContent = "";
    alertBox.hidden = true;
  }

  function percent(value) {
    return Math.round(Number(value) * 100) + "%";
  }

  // Same rule as pages.py: a point that restates its quote word for word is shown once, without the quote.
  function sameWords(point, quote) {
    const norm = (text) => String(text).toLowerCase().split(/\s+/).filter(Boolean).join(" ").replace(/\.+$/, "");
    return norm(point) === norm(quote);
  }

  // The answer text is a lead sentence then "- point [n]" lines: each point is one item with its quote,
  // source and evidence (as pages.py renders it); a bullet without a citation is a plain list item.
  function answerText(answer) {
    const text = answer.answer;
    const cites = Array.isArray(answer.citations) ? answer.citations : [];
    const evidence = Array.isArray(answer.evidence) ? answer.evidence : [];
    const box = el("div", "answer-text");
    let list = null;
    let kind = "";
    for (const line of String(text || "").split("\n")) {
      if (!line.trim()) continue;
      const marker = line.startsWith("- ") ? /\s*\[(\d+)\]\s*$/.exec(line) : null;
      const number = marker ? Number(marker[1]) : 0;
      const lineKind = number > 0 && number <= cites.length ? "ol" : line.startsWith("- ") ? "ul" : "";
      if (lineKind !== kind) {
        list = lineKind ? box.appendChild(el(lineKind, "points")) : null;
        kind = lineKind;
      }
      if (lineKind === "ol") {
        const citation = cites[number - 1];
        const own = evidence.filter((e) => e.claim_id === citation.claim_id);
        list.appendChild(citationItem(line.slice(2, marker.index), citation, own, answer.id + "-c" + number));
      } else if (lineKind === "ul") {
        list.appendChild(el("li", "", line.slice(2)));
      } else {
        box.appendChild(el("p", "", line));
      }
    }
    return box;
  }

  // No pill when the answer recommends nothing (drawbacks, who, "it depends"), as pages.py renders it.
  function pick(answer) {
    const rec = answer.recommendation;
    if (!answer.abstained && !rec) return null;
    let label = "";
    let kind = "none";
    if (answer.abstained) {
      label = "Not covered";
      kind = "abstained";
    } else if (rec) {
      label = FRAMEWORKS[rec] || rec;
      kind = FRAMEWORKS[rec] ? rec : "none";
    }
    const badge = el("span", "pick pick-" + kind);
    badge.append(hidden(answer.abstained ? "Abstained: " : "Recommendation: "), label);
    return badge;
  }

  function confidence(value) {
    const box = el("span", "confidence", "Confidence");
    const meter = el("meter", "", percent(value));
    meter.min = 0;
    meter.max = 1;
    meter.low = 0.5;
    meter.high = 0.8;
    meter.optimum = 1;
    meter.value = Number(value) || 0;
    meter.setAttribute("aria-hidden", "true");
    box.append(meter, el("span", "confidence-value", percent(value)));
    return box;
  }

  function evidenceBadge(item, tipId) {
    const li = el("li");
    const verdict = VERDICTS[item.verdict] ? item.verdict : "unknown";
    const label = VERDICTS[item.verdict] || String(item.verdict || "Unknown");
    const badge = el("span", "badge verdict-" + verdict, item.key_figure ? label + " · " + item.key_figure : label);
    badge.tabIndex = 0;
    badge.setAttribute("aria-describedby", tipId);
    const lines = [
      item.rationale,
      item.measured_at ? "Measured " + item.measured_at + (item.device ? " on " + item.device : "") : "",
      item.environment ? "Environment: " + item.environment : "",
      item.job_id ? "Job: " + item.job_id : "",
    ];
    const tip = el("span", "tip", lines.filter(Boolean).join("\n"));
    tip.id = tipId;
    tip.setAttribute("role", "tooltip");
    li.append(badge, tip);
    return li;
  }

  function evidenceList(items, idPrefix) {
    const list = el("ul", "evidence");
    list.setAttribute("aria-label", "Measured evidence");
    items.forEach((item, i) => list.appendChild(evidenceBadge(item, idPrefix + "-e" + i)));
    return list;
  }

  // Sections arrive as "Part > Subpart"; a guillemet reads as a breadcrumb.
  function sectionPath(section) {
    return String(section).split(" > ").join(" › ");
  }

  // Same rule as api/cited_verdicts.py: the evidence items' shared verdict, "mixed" when they differ,
  // "unverified" when nothing was measured; a contradicting measurement is named on any other verdict.
  function citedVerdict(evidence) {
    const seen = [...new Set(evidence.map((e) => String(e.verdict || "")).filter(Boolean))];
    if (!seen.length) return "unverified";
    return seen.length === 1 ? seen[0] : "mixed";
  }

  function verdictTag(evidence) {
    const verdict = citedVerdict(evidence);
    const contradicted = evidence.some((e) => e.verdict === "contradicted");
    let words = VERDICTS[verdict] || verdict;
    if (verdict !== "contradicted" && contradicted) words += " (" + WORDS.contradicted_note + ")";
    const tag = el("span", "claim-verdict verdict-" + (VERDICTS[verdict] ? verdict : "unknown"));
    tag.append(hidden("Verdict: "), words);
    return tag;
  }

  // The point, its claim's verdict and source on one line, the quote folded away (shown once, on demand)
  // unless the point already says it word for word, then the measurements' badges.
  function citationItem(point, citation, evidence, id) {
    const li = el("li", "citation");
    if (evidence.some((e) => e.verdict === "contradicted")) li.classList.add("contradicted");
    li.id = id;
    li.appendChild(el("p", "point", point));
    const source = el("p", "source");
    source.append(verdictTag(evidence));
    if (citation.section) source.append(" · ", hidden("Section: "), "§ " + sectionPath(citation.section));
    if (citation.favors && FRAMEWORKS[citation.favors]) source.append(" · favours " + FRAMEWORKS[citation.favors]);
    li.appendChild(source);
    if (!sameWords(point, citation.quote)) {
      const quote = el("details", "quote");
      quote.append(el("summary", "", "Quote"), el("blockquote", "", citation.quote));
      li.appendChild(quote);
    }
    if (evidence.length) li.appendChild(evidenceList(evidence, id));
    return li;
  }

  function otherEvidence(answer) {
    const evidence = Array.isArray(answer.evidence) ? answer.evidence : [];
    const cited = answer.citations.map((c) => c.claim_id);
    const part = document.createDocumentFragment();
    const other = evidence.filter((e) => !cited.includes(e.claim_id));
    if (other.length) {
      part.appendChild(el("h3", "", "Other measured evidence"));
      part.appendChild(evidenceList(other, answer.id + "-x"));
    }
    if (!evidence.length) part.appendChild(el("p", "no-evidence", "No measurements yet for these claims."));
    return part;
  }

  function renderAnswer(answer) {
    const article = el("article", answer.abstained ? "answer abstained" : "answer");
    article.id = answer.id;
    article.dataset.recommendation = answer.recommendation || "";
    const head = article.appendChild(el("header", "answer-head"));
    const badge = pick(answer);
    if (badge) head.append(badge);
    head.append(confidence(answer.confidence));
    article.appendChild(answerText(answer));
    if (!answer.abstained && Array.isArray(answer.citations) && answer.citations.length) {
      article.appendChild(otherEvidence(answer));
    }
    return article;
  }

  function exchange(question) {
    const li = el("li", "exchange");
    const asked = el("p", "asked");
    asked.append(hidden("You asked: "), question);
    const pending = el("div", "answer pending", "Weighing the article…");
    li.append(asked, pending);
    return { li, pending };
  }

  // As pages.py's plainWords: each invalid field's message (not "content: ...", a JSON field the person
  // never saw), else the detail, as a sentence.
  function sentence(text) {
    const trimmed = String(text).trim();
    const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
    return /[.?!]$/.test(capital) ? capital : capital + ".";
  }

  async function problemDetail(response) {
    try {
      const body = await response.json();
      const messages = Array.isArray(body && body.errors) ? body.errors.map((e) => e.message).filter(Boolean) : [];
      if (messages.length) return sentence(messages.join("; "));
      if (body && (body.detail || body.title)) return sentence(body.detail || body.title);
    } catch (_) {
      // not JSON: fall through to the status line
    }
    return "The server answered " + response.status + (response.statusText ? " " + response.statusText : "") + ".";
  }

  function setBusy(busy) {
    button.disabled = busy;
    history.setAttribute("aria-busy", busy ? "true" : "false");
  }

  async function postJson(url, body) {
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
      });
    } catch (_) {
      throw new Error("Could not reach the server; check the connection and try again.");
    }
    if (response.status === 404 && url.endsWith("/messages")) return null; // the conversation is gone
    if (!response.ok) throw new Error(await problemDetail(response));
    try {
      return await response.json();
    } catch (_) {
      throw new Error("The server sent an answer this page could not read.");
    }
  }

  // Resolves to {answer, resolved}: the answer JSON and the whole question a follow-up was read as;
  // rejects with an Error whose message is fit to show (the problem's detail).
  async function fetchAnswer(question) {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!conversationId) conversationId = (await postJson("/v1/conversations", {})).id;
      const url = "/v1/conversations/" + encodeURIComponent(conversationId) + "/messages";
      const messages = await postJson(url, { content: question });
      if (messages === null) {
        conversationId = null;
        continue;
      }
      const user = messages.find((m) => m.role === "user") || {};
      const reply = messages.find((m) => m.role === "assistant");
      if (!reply || !reply.answer) throw new Error("The server sent an answer this page could not read.");
      return { answer: reply.answer, resolved: user.resolved_question || question };
    }
    throw new Error("The conversation could not be started; try again.");
  }

  async function ask(question) {
    clearAlert();
    const entry = exchange(question);
    history.append(entry.li); // top-down, like every chat: a follow-up sits below what it follows
    entry.li.scrollIntoView({ block: "nearest" });
    setBusy(true);
    try {
      const { answer, resolved } = await fetchAnswer(question);
      if (resolved !== question) entry.li.insertBefore(el("p", "read-as", "Read as: " + resolved), entry.pending);
      entry.pending.replaceWith(renderAnswer(answer));
      entry.li.scrollIntoView({ block: "start" }); // the new question at the top of the view, its answer below
      input.value = "";
    } catch (error) {
      entry.li.remove();
      showAlert(error.message || String(error));
    } finally {
      setBusy(false);
      input.focus();
    }
  }

  if (restart) {
    restart.hidden = false;
    restart.addEventListener("click", () => {
      conversationId = null;
      history.replaceChildren();
      clearAlert();
      input.focus();
    });
  }

  form.noValidate = true;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (button.disabled) return;
    const question = input.value.trim();
    if (!question) {
      showAlert("Please type a question first.");
      input.focus();
      return;
    }
    ask(question);
  });

  for (const link of form.querySelectorAll("a[data-question]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      input.value = link.dataset.question;
      form.requestSubmit();
    });
  }
})();
