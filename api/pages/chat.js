// Weigh-in chat page: asks POST /v1/ask and renders each answer into the history.
// Every value from the server is placed with textContent / createElement (quotes come from documents
// anyone may ingest), and the markup mirrors what api/routes/pages.py renders for the no-JS path.
(() => {
  "use strict";

  const FRAMEWORKS = { pytorch: "PyTorch", tensorflow: "TensorFlow", both: "Both" };
  const VERDICTS = {
    supported: "Supported",
    contradicted: "Contradicted",
    inconclusive: "Inconclusive",
    error: "Error",
    not_testable: "Not testable",
  };

  const form = document.getElementById("ask-form");
  const input = document.getElementById("question");
  const button = document.getElementById("ask-button");
  const alertBox = document.getElementById("alert");
  const history = document.getElementById("history");

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

  // The answer text is a lead sentence then "- claim [n]" lines: paragraphs and one bullet list per run.
  function answerText(text) {
    const box = el("div", "answer-text");
    let list = null;
    for (const line of String(text || "").split("\n")) {
      if (!line.trim()) continue;
      if (line.startsWith("- ")) {
        if (!list) list = box.appendChild(el("ul"));
        list.appendChild(el("li", "", line.slice(2)));
      } else {
        list = null;
        box.appendChild(el("p", "", line));
      }
    }
    return box;
  }

  function pick(answer) {
    const rec = answer.recommendation;
    let label = "No single pick";
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

  function citationItem(citation, evidence, id) {
    const li = el("li", "citation");
    li.id = id;
    const source = el("p", "source");
    if (citation.section) source.append(hidden("Section: "), "§ " + sectionPath(citation.section));
    if (citation.favors && FRAMEWORKS[citation.favors]) {
      source.append(citation.section ? " · " : "", "favours " + FRAMEWORKS[citation.favors]);
    }
    li.append(el("blockquote", "quote", citation.quote), source);
    if (evidence.length) li.appendChild(evidenceList(evidence, id));
    return li;
  }

  function citations(answer) {
    const evidence = Array.isArray(answer.evidence) ? answer.evidence : [];
    const cited = answer.citations.map((c) => c.claim_id);
    const part = document.createDocumentFragment();
    part.appendChild(el("h3", "", "Quoted from the article"));
    const list = part.appendChild(el("ol", "citations"));
    answer.citations.forEach((c, i) => {
      const own = evidence.filter((e) => e.claim_id === c.claim_id);
      list.appendChild(citationItem(c, own, answer.id + "-c" + (i + 1)));
    });
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
    head.append(pick(answer), confidence(answer.confidence));
    article.appendChild(answerText(answer.answer));
    if (!answer.abstained && Array.isArray(answer.citations) && answer.citations.length) {
      article.appendChild(citations(answer));
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

  async function problemDetail(response) {
    try {
      const body = await response.json();
      if (body && (body.detail || body.title)) return String(body.detail || body.title);
    } catch (_) {
      // not JSON: fall through to the status line
    }
    return "The server answered " + response.status + (response.statusText ? " " + response.statusText : "") + ".";
  }

  function setBusy(busy) {
    button.disabled = busy;
    history.setAttribute("aria-busy", busy ? "true" : "false");
  }

  // Resolves to the answer JSON; rejects with an Error whose message is fit to show (the problem's detail).
  async function fetchAnswer(question) {
    let response;
    try {
      response = await fetch("/v1/ask", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ question }),
      });
    } catch (_) {
      throw new Error("Could not reach the server; check the connection and try again.");
    }
    if (!response.ok) throw new Error(await problemDetail(response));
    try {
      return await response.json();
    } catch (_) {
      throw new Error("The server sent an answer this page could not read.");
    }
  }

  async function ask(question) {
    clearAlert();
    const entry = exchange(question);
    history.prepend(entry.li);
    setBusy(true);
    try {
      entry.pending.replaceWith(renderAnswer(await fetchAnswer(question)));
      input.value = "";
    } catch (error) {
      entry.li.remove();
      showAlert(error.message || String(error));
    } finally {
      setBusy(false);
      input.focus();
    }
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
