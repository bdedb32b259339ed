// The review page's behaviour: filters, counts, n/p, links, tooltips, the fix view, the URL hash.
// Text is only ever set with textContent; nothing read from the page becomes markup.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("newslint-data").textContent);
  const root = document.documentElement;
  const findings = data.findings; // [article, category, severity, rule], in reading order
  const groups = { c: data.categories, s: data.severities, r: data.rules };
  const hidden = { c: new Set(), s: new Set(), r: new Set() };
  const fixView = document.getElementById("fix-view");
  const tip = document.getElementById("tip");
  let at = -1; // the finding moved to last

  const visible = (i) => {
    const f = findings[i];
    return !hidden.c.has(f[1]) && !hidden.s.has(f[2]) && !hidden.r.has(f[3]);
  };

  // An article's body is in the page, and its details open (a large page keeps bodies in <template>s).
  function openArticle(n) {
    const section = document.getElementById("a" + n);
    if (!section) return null;
    const details = section.querySelector("details");
    const later = section.querySelector("template.later");
    if (later) later.replaceWith(later.content);
    if (details && !details.open) details.open = true;
    return section;
  }

  document.addEventListener("toggle", (event) => {
    const section = event.target.closest && event.target.closest("section.article");
    if (section && event.target.open) openArticle(Number(section.id.slice(1)));
  }, true);

  function counts() {
    const tally = new Map();
    let shown = 0;
    findings.forEach((f, i) => {
      if (!visible(i)) return;
      shown += 1;
      for (const key of ["a" + f[0], "c" + f[1], "s" + f[2], "r" + f[3]]) tally.set(key, (tally.get(key) || 0) + 1);
    });
    document.querySelectorAll("[data-count]").forEach((el) => {
      const key = el.dataset.count;
      // A filter's own count stays its total, so that a hidden category still says what it hides.
      const text = String(key[0] === "a" ? tally.get(key) || 0 : el.dataset.total);
      if (el.textContent !== text) el.textContent = text; // an unchanged count costs no layout
    });
    document.getElementById("shown").textContent = String(shown);
  }

  function apply() {
    for (const group of Object.keys(hidden)) {
      groups[group].forEach((_, i) => root.classList.toggle("h" + group + i, hidden[group].has(i)));
    }
    root.classList.toggle("show-fix", fixView.checked);
    counts();
  }

  function saveHash() {
    const params = new URLSearchParams();
    for (const group of Object.keys(hidden)) {
      [...hidden[group]].sort((a, b) => a - b).forEach((i) => params.append("h" + group, groups[group][i]));
    }
    if (fixView.checked) params.set("fix", "1");
    if (at >= 0) params.set("at", String(at));
    const hash = params.toString();
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }

  function loadHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    for (const group of Object.keys(hidden)) {
      hidden[group].clear();
      for (const name of params.getAll("h" + group)) {
        const i = groups[group].indexOf(name);
        if (i >= 0) hidden[group].add(i);
      }
    }
    document.querySelectorAll("#filters input[data-group]").forEach((box) => {
      box.checked = !hidden[box.dataset.group].has(Number(box.value));
    });
    fixView.checked = params.get("fix") === "1";
    const wanted = Number(params.get("at"));
    return Number.isInteger(wanted) && params.has("at") && wanted >= 0 && wanted < findings.length ? wanted : -1;
  }

  function highlight(i) {
    openArticle(findings[i][0]);
    return document.getElementById("h" + i);
  }

  function moveTo(i) {
    const el = highlight(i);
    if (!el) return;
    at = i;
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "center" });
    saveHash();
  }

  function step(direction) {
    const current = document.activeElement && document.activeElement.classList.contains("hl")
      ? Number(document.activeElement.id.slice(1)) : at;
    const total = findings.length;
    const from = current >= 0 ? current : direction > 0 ? -1 : total; // none yet: `p` goes to the last
    for (let k = 1; k <= total; k += 1) {
      const i = (((from + direction * k) % total) + total) % total;
      if (visible(i)) return moveTo(i);
    }
  }

  document.getElementById("filters").addEventListener("change", (event) => {
    const box = event.target;
    if (box.dataset.group) {
      const set = hidden[box.dataset.group];
      if (box.checked) set.delete(Number(box.value)); else set.add(Number(box.value));
    }
    apply();
    saveHash();
  });
  document.getElementById("filters").addEventListener("submit", (event) => event.preventDefault());

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target && (target.isContentEditable || /^(TEXTAREA|SELECT)$/.test(target.tagName)
        || (target.tagName === "INPUT" && target.type !== "checkbox"))) return;
    if (event.key === "n" || event.key === "p") {
      event.preventDefault();
      step(event.key === "n" ? 1 : -1);
    } else if (event.key === "Escape") {
      tip.hidden = true;
    }
  });

  // In-page links (the ranking, a repeat's link to what it repeats): open the article, scroll,
  // and leave the URL hash to the filters' state.
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#a"]');
    if (!link) return;
    const id = link.getAttribute("href").slice(1);
    const match = /^a(\d+)/.exec(id);
    if (!match) return;
    event.preventDefault();
    openArticle(Number(match[1]));
    const target = document.getElementById(id);
    if (!target) return;
    target.scrollIntoView({ block: "center" });
    document.querySelectorAll(".target").forEach((el) => el.classList.remove("target"));
    target.classList.add("target");
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  });

  function showTip(el) {
    const lines = [el.dataset.rule + " · " + el.dataset.severity + " · " + el.dataset.category, el.dataset.message];
    if (el.dataset.fix) lines.push(el.dataset.fix);
    if ("removed" in el.dataset) lines.push("newslint fix removes this line");
    tip.textContent = lines.join("\n");
    tip.hidden = false;
    // In page coordinates, so that the tip stays by its highlight when the page scrolls.
    const box = el.getBoundingClientRect();
    const above = box.bottom + 6 + tip.offsetHeight > window.innerHeight;
    const left = Math.max(4, Math.min(box.left, window.innerWidth - tip.offsetWidth - 4));
    tip.style.left = window.scrollX + left + "px";
    tip.style.top = window.scrollY + (above ? box.top - tip.offsetHeight - 6 : box.bottom + 6) + "px";
    el.setAttribute("aria-describedby", "tip");
  }
  const hideTip = () => { tip.hidden = true; };
  document.addEventListener("mouseover", (event) => {
    const el = event.target.closest && event.target.closest(".hl[data-rule]");
    if (el) showTip(el); else hideTip();
  });
  document.addEventListener("focusin", (event) => {
    const el = event.target.closest && event.target.closest(".hl[data-rule]");
    if (el) { showTip(el); at = Number(el.id.slice(1)); } else hideTip();
  });
  document.addEventListener("focusout", hideTip);

  document.querySelectorAll("[data-count]").forEach((el) => { el.dataset.total = el.textContent; });
  const start = loadHash();
  apply();
  if (start >= 0) moveTo(start);
  window.addEventListener("hashchange", () => { const i = loadHash(); apply(); if (i >= 0) moveTo(i); });
})();
