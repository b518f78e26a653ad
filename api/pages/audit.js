"use strict";
// A link into a folded part (#record-..., #claim-...) opens every <details> around its target.
(() => {
  function reveal() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    for (let node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    target.scrollIntoView();
  }
  window.addEventListener("hashchange", reveal);
  reveal();
})();

// Instant claim filtering: the same rule the server applies for ?verdict=&topic=&framework=.
// Each row carries space-separated data-topic / data-framework lists; data-verdict is one value.
(() => {
  const form = document.getElementById("filters");
  if (!form) return;
  const rows = Array.from(document.querySelectorAll(".claims-table tbody tr"));
  const count = document.getElementById("shown-count");
  const empty = document.getElementById("no-match");
  const names = ["verdict", "topic", "framework"];

  function chosen() {
    const values = {};
    for (const name of names) values[name] = form.elements.namedItem(name).value;
    return values;
  }

  function apply() {
    const want = chosen();
    let shown = 0;
    for (const row of rows) {
      const match = names.every((name) => !want[name] || row.dataset[name].split(" ").includes(want[name]));
      row.hidden = !match;
      if (match) shown += 1;
    }
    count.textContent = String(shown);
    empty.hidden = shown > 0;
    // A verdict group with no row shown is hidden; with a filter on, the groups with matches open.
    const filtering = names.some((name) => want[name]);
    for (const group of document.querySelectorAll("details.claim-group")) {
      const visible = group.querySelectorAll("tbody tr:not([hidden])").length;
      group.hidden = visible === 0;
      if (filtering && visible) group.open = true;
    }
    const query = new URLSearchParams();
    for (const name of names) if (want[name]) query.set(name, want[name]);
    const search = query.toString();
    history.replaceState(null, "", `${location.pathname}${search ? `?${search}` : ""}${location.hash}`);
  }

  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply();
  });
})();
