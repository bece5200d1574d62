/* The evidence explorer: draws every evidence span of the data on the words of its source, lists the rows the
   spans support, and links the two both ways. All data comes from the JSON block #explorer-data; every string
   from it is inserted with textContent (never as markup). Offsets are Unicode code points, so texts are split
   into code points (Array.from) before slicing. */
"use strict";

(function () {
  const DATA = JSON.parse(document.getElementById("explorer-data").textContent);
  const SCHEMA = DATA.schema;
  const TABLES = DATA.tables;
  const SUPPORTS = SCHEMA.supports; /* [{column: "statement_id", table: "statements"}, ...] */
  /* The supported tables in display order: the events first, the actors last. */
  const SHOWN = SUPPORTS.filter((s) => s.table !== "actors").concat(SUPPORTS.filter((s) => s.table === "actors"));
  const SINGULAR = { actors: "actor", statements: "statement", incidents: "incident", casualties: "casualty claim" };

  /* ---- indexes ------------------------------------------------------------------------------------------- */
  const byKey = {};
  for (const name of Object.keys(TABLES)) {
    byKey[name] = new Map(TABLES[name].map((row) => [row[SCHEMA.keys[name]], row]));
  }
  const evidenceById = byKey.evidence;
  /* The record an evidence row supports: {table, key}. */
  function supported(ev) {
    for (const s of SUPPORTS) {
      if (ev[s.column] !== null && ev[s.column] !== undefined) return { table: s.table, key: ev[s.column] };
    }
    return null;
  }
  const evidenceOf = new Map(); /* "table:key" -> [evidence ids] */
  for (const ev of TABLES.evidence) {
    const rec = supported(ev);
    if (!rec) continue;
    const k = rec.table + ":" + rec.key;
    if (!evidenceOf.has(k)) evidenceOf.set(k, []);
    evidenceOf.get(k).push(ev.evidence_id);
  }

  /* ---- small DOM helpers (text only) ----------------------------------------------------------------------- */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }
  const shown = (v) => (v === null || v === undefined || v === "" ? "—" : String(v));
  function actorName(id) {
    if (!id) return "—";
    const a = byKey.actors.get(id);
    return a ? a.name : id;
  }
  function cut(text, n) {
    const cps = Array.from(text || "");
    return cps.length > n ? cps.slice(0, n - 1).join("") + "…" : cps.join("");
  }
  /* The date window of a row: its own, or that of its incident (casualty claims). */
  function windowOf(row) {
    if (row.date_start) return [row.date_start, row.date_end || row.date_start, row.date_precision];
    if (row.incident_id && byKey.incidents.has(row.incident_id)) {
      const inc = byKey.incidents.get(row.incident_id);
      return [inc.date_start, inc.date_end, inc.date_precision];
    }
    return null;
  }
  function dateWords(row) {
    const w = windowOf(row);
    if (!w) return "";
    const [start, end, precision] = w;
    return (start === end ? start : start + " – " + end) + (precision && precision !== "day" ? " (" + precision + ")" : "");
  }
  function figure(c) {
    if (c.count_low === c.count_high) return String(c.count_best);
    return c.count_best + " (" + c.count_low + "–" + c.count_high + ")";
  }
  const conflicts = (id) => DATA.conflicts[id] || [];

  /* ---- header and legend ---------------------------------------------------------------------------------- */
  const pkg = DATA.package;
  const header = el("header", { class: "top" },
    el("h1", { text: "Evidence explorer" }),
    el("p", { class: "package" }, el("span", { text: shown(pkg.title) }),
      el("span", { class: "version", text: " · " + shown(pkg.name) + " " + shown(pkg.version) })));
  const legend = el("ul", { class: "legend", "aria-label": "Key: how each table's evidence is drawn" });
  for (const s of SHOWN) {
    const n = TABLES.evidence.filter((e) => e[s.column] !== null).length;
    legend.append(el("li", {},
      el("span", { class: "swatch t-" + s.table, "aria-hidden": "true", text: "Abc" }),
      " " + SCHEMA.titles[s.table] + " (" + n + " spans, ", el("span", { class: "line-words" }), ")"));
  }
  legend.append(el("li", {}, el("span", { class: "flag-key", "aria-hidden": "true", text: "⚑" }),
    " speaker disputed, or casualty claims that contradict each other"));
  header.append(legend, el("p", { class: "help", text: "Hover or focus (Tab) a highlighted passage to see the rows it supports; " +
    "Enter or a click pins them. Choose a row on the right to mark exactly its passages. Stacked underlines: " +
    "passages inside other passages." }));

  /* ---- the texts, split at every span boundary -------------------------------------------------------------- */
  const article = el("section", { class: "texts", "aria-label": "Source texts with evidence highlighted" });
  const firstPiece = new Map(); /* evidence id -> focusable element */
  const pieces = new Map(); /* evidence id -> [elements] */

  function levels(spans) {
    /* A fixed underline level per span: the lowest level not taken by an overlapping span placed before it
       (outer spans first). Spans over exactly the same characters share one level (their rows share the words). */
    const ranges = new Map();
    for (const s of spans) ranges.set(s.start + ":" + s.end, [s.start, s.end]);
    const ordered = Array.from(ranges.values()).sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const placed = [];
    const level = new Map();
    for (const [start, end] of ordered) {
      const taken = new Set(placed.filter(([a, b]) => a < end && start < b).map(([a, b]) => level.get(a + ":" + b)));
      let l = 0;
      while (taken.has(l)) l += 1;
      level.set(start + ":" + end, l);
      placed.push([start, end]);
    }
    return new Map(spans.map((s) => [s.evidence_id, level.get(s.start + ":" + s.end)]));
  }

  function label(ev) {
    const rec = supported(ev);
    const row = rec && byKey[rec.table].get(rec.key);
    const what = rec ? SINGULAR[rec.table] : "evidence";
    let about = rec ? rec.key : "";
    if (rec && row) {
      if (rec.table === "statements") {
        about = actorName(row.speaker_actor_id) + " to " + actorName(row.target_actor_id) + ", CAMEO " + row.cameo_code +
          (row.speaker_disputed ? ", speaker disputed" : "");
      } else if (rec.table === "incidents") {
        about = actorName(row.perpetrator_actor_id) + " against " + actorName(row.target_actor_id) + ", " + row.sub_event_type;
      } else if (rec.table === "casualties") {
        about = figure(row) + " " + row.outcome + ", claimed by " + actorName(row.claimed_by_actor_id) +
          (conflicts(rec.key).length ? ", contradicted by another claim" : "");
      } else if (rec.table === "actors") {
        about = row.name;
      }
    }
    return what + " evidence (" + ev.field + "): " + about;
  }

  function drawSource(source) {
    const cps = Array.from(DATA.texts[source.text_path] || "");
    const s0 = source.text_start, s1 = source.text_end;
    const spans = TABLES.evidence.filter((e) => e.source_id === source.source_id && e.start >= s0 && e.end <= s1);
    const level = levels(spans);
    const bounds = new Set([s0, s1]);
    for (const e of spans) { bounds.add(e.start); bounds.add(e.end); }
    for (let i = s0; i < s1; i += 1) if (cps[i] === "\n") bounds.add(i + 1); /* paragraphs end after a newline */
    const cuts = Array.from(bounds).sort((a, b) => a - b);
    const body = el("div", { class: "text" });
    let para = el("p", { class: "para" });
    body.append(para);
    const maxLevel = Math.max(0, ...Array.from(level.values()));
    body.style.setProperty("--levels", String(maxLevel + 1));
    const lastSeen = new Map();
    for (let i = 0; i + 1 < cuts.length; i += 1) {
      const a = cuts[i], b = cuts[i + 1];
      let node = document.createTextNode(cps.slice(a, b).join(""));
      /* innermost (shortest) span first, so that it ends up deepest and receives the pointer */
      const covering = spans.filter((e) => e.start <= a && e.end >= b)
        .sort((x, y) => (x.end - x.start) - (y.end - y.start) || (x.evidence_id < y.evidence_id ? 1 : -1));
      for (const e of covering) {
        const rec = supported(e);
        const row = rec && byKey[rec.table].get(rec.key);
        const wrap = el("span", { class: "ev t-" + (rec ? rec.table : "none"), "data-ev": e.evidence_id });
        wrap.style.setProperty("--level", String(level.get(e.evidence_id)));
        if (rec && rec.table === "statements" && row && row.speaker_disputed) wrap.classList.add("disputed");
        if (rec && rec.table === "casualties" && conflicts(rec.key).length) wrap.classList.add("conflict");
        if (!firstPiece.has(e.evidence_id)) {
          firstPiece.set(e.evidence_id, wrap);
          wrap.setAttribute("tabindex", "0");
          wrap.setAttribute("role", "button");
          wrap.setAttribute("aria-label", label(e));
          wrap.classList.add("first");
        }
        if (!pieces.has(e.evidence_id)) pieces.set(e.evidence_id, []);
        pieces.get(e.evidence_id).push(wrap);
        lastSeen.set(e.evidence_id, wrap);
        wrap.append(node);
        node = wrap;
      }
      para.append(node);
      if (cps[b - 1] === "\n" && b < s1) {
        para = el("p", { class: "para" });
        body.append(para);
      }
    }
    for (const wrap of lastSeen.values()) wrap.classList.add("last");
    const meta = [source.publisher, source.dateline, source.published_date ? "published " + source.published_date :
      (source.published_date_earliest ? "published on or after " + source.published_date_earliest : null), source.url]
      .filter((x) => x);
    return el("article", { class: "source", "aria-labelledby": "title-" + source.source_id },
      el("h2", { class: "source-title", id: "title-" + source.source_id, text: source.title }),
      el("p", { class: "source-meta", text: meta.join(" · ") }),
      body);
  }
  const sources = TABLES.sources.slice().sort((a, b) => a.text_path < b.text_path ? -1 : a.text_path > b.text_path ? 1 :
    a.text_start - b.text_start);
  for (const source of sources) article.append(drawSource(source));

  /* ---- the card: the rows behind a passage ---------------------------------------------------------------------- */
  const card = el("div", { class: "card", id: "card", role: "dialog", "aria-label": "Rows supported by the passage", hidden: true });
  const cardBody = el("div", { class: "card-body" });
  const cardClose = el("button", { type: "button", class: "card-close", "aria-label": "Close", text: "×" });
  card.append(cardClose, cardBody);
  let pinned = false;
  let anchored = null; /* the element the card is placed beside */

  function dl(pairs) {
    const list = el("dl", {});
    for (const [term, value, cls] of pairs) {
      if (value === null || value === undefined || value === "") continue;
      list.append(el("dt", { text: term }), el("dd", { class: cls || null }, value));
    }
    return list;
  }
  function badge(text, cls) { return el("span", { class: "badge " + cls, text: text }); }

  function claimsTable(incidentId, current) {
    const claims = TABLES.casualties.filter((c) => c.incident_id === incidentId);
    if (!claims.length) return el("p", { class: "muted", text: "No casualty figure in the article." });
    const table = el("table", { class: "claims" },
      el("caption", { text: "Casualty claims for this incident, side by side" }));
    const head = el("tr", {}, el("th", { scope: "row", text: "claim" }));
    const rows = {
      claimant: el("tr", {}, el("th", { scope: "row", text: "claimed by" })),
      outcome: el("tr", {}, el("th", { scope: "row", text: "outcome" })),
      figure: el("tr", {}, el("th", { scope: "row", text: "count" })),
      victims: el("tr", {}, el("th", { scope: "row", text: "victims" })),
    };
    for (const c of claims) {
      const contradicted = conflicts(c.casualty_id);
      const cls = (c.casualty_id === current ? "current " : "") + (contradicted.length ? "conflict" : "");
      head.append(el("th", { scope: "col", class: cls || null, text: c.casualty_id }));
      rows.claimant.append(el("td", { class: cls || null, text: actorName(c.claimed_by_actor_id) }));
      rows.outcome.append(el("td", { class: cls || null, text: c.outcome }));
      rows.figure.append(el("td", { class: cls || null }, figure(c),
        contradicted.length ? el("span", { class: "flag", text: " ⚑ contradicts " + contradicted.join(", ") }) : null));
      rows.victims.append(el("td", { class: cls || null, text: shown(c.victim_description) }));
    }
    table.append(head, rows.claimant, rows.outcome, rows.figure, rows.victims);
    return table;
  }

  function recordView(table, key, evidenceId) {
    const row = byKey[table] && byKey[table].get(key);
    const box = el("section", { class: "record rec-" + table, "data-record": table + ":" + key });
    box.append(el("h3", {}, el("span", { class: "kind", text: SINGULAR[table] || table }), " ", el("code", { text: key })));
    if (!row) { box.append(el("p", { text: "(row not found)" })); return box; }
    if (evidenceId) {
      const ev = evidenceById.get(evidenceId);
      box.append(el("p", { class: "evidence-line" }, "evidence for ", el("code", { text: ev.field }), ": ",
        el("q", { text: cut(ev.text, 140) })));
    }
    if (table === "statements") {
      box.append(dl([
        ["speaker", el("span", {}, actorName(row.speaker_actor_id),
          row.speaker_disputed ? badge("⚑ speaker disputed", "disputed") : null)],
        ["target", actorName(row.target_actor_id)],
        ["text", el("q", { text: row.text })],
        ["codes", "CAMEO " + row.cameo_code + (DATA.cameo[row.cameo_code] ? " " + DATA.cameo[row.cameo_code] : "") +
          " · Goldstein " + shown(row.goldstein) + " · PLOVER " + shown(row.plover_event_type) +
          (row.plover_mode ? " / " + row.plover_mode : "")],
        ["date", dateWords(row) + (row.date_text ? " — “" + row.date_text + "”" : "")],
        ["how", row.quote_type + " · " + row.channel + (row.reported_by_actor_id ? " · reported by " + actorName(row.reported_by_actor_id) : "")],
        ["incident", row.incident_id ? row.incident_id : null],
        ["note", row.note, row.speaker_disputed ? "note-disputed" : null],
      ]));
    } else if (table === "incidents") {
      box.append(dl([
        ["who", actorName(row.perpetrator_actor_id) + " → " + actorName(row.target_actor_id)],
        ["target", row.target_text],
        ["codes", row.event_type + " / " + row.sub_event_type + " (ACLED) · CAMEO " + row.cameo_code +
          (DATA.cameo[row.cameo_code] ? " " + DATA.cameo[row.cameo_code] : "") + " · PLOVER " + shown(row.plover_event_type)],
        ["date", dateWords(row) + (row.external_date ? " · other sources: " + row.external_date : "")],
        ["where", [row.location_text, row.admin1, row.country_iso3].filter((x) => x).join(" · ")],
        ["note", row.note],
      ]));
      box.append(claimsTable(key, null));
    } else if (table === "casualties") {
      const contradicted = conflicts(key);
      box.append(dl([
        ["claim", el("span", {}, figure(row) + " " + row.outcome + " — " + shown(row.victim_description),
          contradicted.length ? badge("⚑ contradicted by " + contradicted.join(", "), "conflict") : null)],
        ["claimed by", actorName(row.claimed_by_actor_id)],
        ["incident", row.incident_id],
        ["note", row.note],
      ]));
      box.append(claimsTable(row.incident_id, key));
    } else if (table === "actors") {
      box.append(dl([
        ["name", row.name],
        ["type", row.actor_type + (row.country_iso3 ? " · " + row.country_iso3 : "")],
        ["role", row.role],
        ["part of", row.parent_actor_id ? actorName(row.parent_actor_id) : null],
        ["aliases", (row.aliases || []).join(", ")],
        ["note", row.note],
      ]));
    }
    return box;
  }

  function showCard(evidenceIds, anchor) {
    cardBody.replaceChildren();
    const seen = new Set();
    for (const id of evidenceIds) {
      const ev = evidenceById.get(id);
      const rec = ev && supported(ev);
      if (!rec || seen.has(rec.table + ":" + rec.key)) continue;
      seen.add(rec.table + ":" + rec.key);
      cardBody.append(recordView(rec.table, rec.key, id));
    }
    card.hidden = false;
    place(anchor);
  }
  function place(anchor) {
    anchored = anchor;
    const r = anchor.getBoundingClientRect();
    const width = Math.min(460, window.innerWidth - 16);
    card.style.setProperty("width", width + "px");
    const left = Math.max(8, Math.min(r.left, window.innerWidth - width - 8));
    const below = r.bottom + 8;
    const height = card.offsetHeight;
    const top = below + height > window.innerHeight && r.top - height - 8 > 0 ? r.top - height - 8 : below;
    card.style.setProperty("left", left + "px");
    card.style.setProperty("top", Math.max(8, top) + "px");
  }
  function hideCard(force) {
    if (pinned && !force) return;
    pinned = false;
    card.hidden = true;
  }
  /* The spans covering the innermost piece at or inside `piece`, with `first` first. */
  function coveringIds(piece, first) {
    let inner = piece;
    while (inner.firstElementChild && inner.firstElementChild.classList.contains("ev")) inner = inner.firstElementChild;
    const ids = [];
    for (let n = inner; n && n.classList && n.classList.contains("ev"); n = n.parentElement) ids.push(n.dataset.ev);
    return first ? [first, ...ids.filter((i) => i !== first)] : ids;
  }
  cardClose.addEventListener("click", () => hideCard(true));
  article.addEventListener("scroll", () => { if (!card.hidden && anchored) place(anchored); }, { passive: true });
  article.addEventListener("mouseover", (event) => {
    const piece = event.target.closest && event.target.closest(".ev");
    if (!piece || pinned) return;
    showCard(coveringIds(piece, null), piece);
  });
  article.addEventListener("mouseout", (event) => {
    if (pinned || (event.relatedTarget && article.contains(event.relatedTarget) && event.relatedTarget.closest(".ev"))) return;
    const focused = document.activeElement && article.contains(document.activeElement) && document.activeElement.closest(".ev");
    if (focused) showCard(coveringIds(focused, focused.dataset.ev), focused); /* back to the passage that has focus */
    else hideCard(false);
  });
  article.addEventListener("focusin", (event) => {
    const piece = event.target.closest && event.target.closest(".ev");
    if (!piece) return;
    pinned = false;
    showCard(coveringIds(piece, piece.dataset.ev), piece);
  });
  article.addEventListener("focusout", (event) => {
    if (!event.relatedTarget || !card.contains(event.relatedTarget)) hideCard(false);
  });
  function activateSpan(piece) {
    const ev = evidenceById.get(piece.dataset.ev);
    const rec = ev && supported(ev);
    if (rec) select(rec.table, rec.key, false);
    pinned = true;
    showCard(coveringIds(piece, piece.dataset.ev), piece);
  }
  article.addEventListener("click", (event) => {
    const piece = event.target.closest && event.target.closest(".ev");
    if (piece) activateSpan(piece.classList.contains("first") ? piece : firstPiece.get(piece.dataset.ev) || piece);
  });
  article.addEventListener("keydown", (event) => {
    const piece = event.target.closest && event.target.closest(".ev");
    if (piece && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); activateSpan(piece); }
  });
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") hideCard(true); });

  /* ---- the panel: the rows, filterable ------------------------------------------------------------------------ */
  const panel = el("aside", { class: "panel", "aria-label": "Rows of the tables" });
  const actorSelect = el("select", { id: "filter-actor", name: "actor" }, el("option", { value: "", text: "any actor" }));
  for (const a of TABLES.actors.slice().sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))) {
    actorSelect.append(el("option", { value: a.actor_id, text: a.name }));
  }
  const tableSelect = el("select", { id: "filter-table", name: "table" }, el("option", { value: "", text: "every table" }));
  for (const s of SHOWN) tableSelect.append(el("option", { value: s.table, text: SCHEMA.titles[s.table] }));
  const fromInput = el("input", { type: "date", id: "filter-from", name: "from" });
  const toInput = el("input", { type: "date", id: "filter-to", name: "to" });
  const reset = el("button", { type: "reset", id: "filter-reset", text: "Clear" });
  const count = el("p", { class: "count", id: "row-count", role: "status", "aria-live": "polite" });
  const form = el("form", { class: "filters", "aria-label": "Filter the rows" },
    el("label", { for: "filter-actor" }, "Actor"), actorSelect,
    el("label", { for: "filter-table" }, "Table"), tableSelect,
    el("label", { for: "filter-from" }, "From"), fromInput,
    el("label", { for: "filter-to" }, "To"), toInput,
    reset);
  form.addEventListener("submit", (event) => event.preventDefault());
  panel.append(el("div", { class: "panel-head" }, el("h2", { text: "Rows" }), form, count));

  const rowButtons = new Map(); /* "table:key" -> button */
  const groups = [];
  function rowSummary(table, row) {
    const parts = { title: [], sub: "", flags: [] };
    if (table === "statements") {
      parts.title = actorName(row.speaker_actor_id) + " → " + actorName(row.target_actor_id);
      parts.sub = dateWords(row) + " · CAMEO " + row.cameo_code + " · “" + cut(row.text, 90) + "”";
      if (row.speaker_disputed) parts.flags.push(["⚑ speaker disputed", "disputed"]);
    } else if (table === "incidents") {
      parts.title = actorName(row.perpetrator_actor_id) + " → " + actorName(row.target_actor_id);
      parts.sub = dateWords(row) + " · " + row.sub_event_type + " · " + cut(row.location_text, 60);
    } else if (table === "casualties") {
      parts.title = figure(row) + " " + row.outcome + " — " + shown(row.victim_description);
      parts.sub = "claimed by " + actorName(row.claimed_by_actor_id) + " · " + dateWords(row);
      if (conflicts(row.casualty_id).length) parts.flags.push(["⚑ contradicting claims", "conflict"]);
    } else if (table === "actors") {
      parts.title = row.name;
      parts.sub = row.actor_type.replace(/_/g, " ") + (row.role ? " · " + row.role : "") +
        (row.parent_actor_id ? " · part of " + actorName(row.parent_actor_id) : "");
    }
    return parts;
  }
  for (const s of SHOWN) {
    const list = el("ul", { class: "rows", "aria-label": SCHEMA.titles[s.table] });
    const group = el("section", { class: "group", "data-table": s.table },
      el("h3", {}, el("span", { class: "swatch t-" + s.table, "aria-hidden": "true", text: "Abc" }), " " + SCHEMA.titles[s.table]),
      list);
    for (const row of TABLES[s.table]) {
      const key = row[SCHEMA.keys[s.table]];
      const spans = evidenceOf.get(s.table + ":" + key) || [];
      const parts = rowSummary(s.table, row);
      const button = el("button", { type: "button", class: "row t-" + s.table, "data-table": s.table, "data-key": key,
        "aria-pressed": "false" },
        el("span", { class: "row-title" }, parts.title, ...parts.flags.map(([t, c]) => badge(t, c))),
        el("span", { class: "row-sub", text: parts.sub }),
        el("span", { class: "row-spans", text: spans.length + (spans.length === 1 ? " passage" : " passages") + " · " + key }));
      button.addEventListener("click", () => select(s.table, key, true));
      rowButtons.set(s.table + ":" + key, button);
      list.append(el("li", { "data-table": s.table, "data-key": key }, button));
    }
    groups.push(group);
    panel.append(group);
  }

  function matches(table, row, f) {
    if (f.table && f.table !== table) return false;
    if (f.actor) {
      const own = table === "actors" && row.actor_id === f.actor;
      if (!own && !(SCHEMA.actor_columns[table] || []).some((c) => row[c] === f.actor)) return false;
    }
    if (f.from || f.to) {
      const w = windowOf(row);
      if (!w) return false;
      if (f.from && w[1] < f.from) return false;
      if (f.to && w[0] > f.to) return false;
    }
    return true;
  }
  function applyFilters() {
    const f = { actor: actorSelect.value, table: tableSelect.value, from: fromInput.value, to: toInput.value };
    let visible = 0, total = 0;
    for (const group of groups) {
      const table = group.dataset.table;
      let inGroup = 0;
      for (const li of group.querySelectorAll("li")) {
        const ok = matches(table, byKey[table].get(li.dataset.key), f);
        li.hidden = !ok;
        inGroup += ok ? 1 : 0;
        total += 1;
      }
      group.hidden = inGroup === 0;
      visible += inGroup;
    }
    count.textContent = visible + " of " + total + " rows shown";
  }
  for (const input of [actorSelect, tableSelect, fromInput, toInput]) {
    input.addEventListener("change", applyFilters);
    input.addEventListener("input", applyFilters);
  }
  form.addEventListener("reset", () => setTimeout(applyFilters, 0));
  applyFilters();

  /* ---- selecting a row marks exactly its passages ----------------------------------------------------------- */
  function select(table, key, fromPanel) {
    for (const node of document.querySelectorAll(".ev.marked")) node.classList.remove("marked");
    for (const b of document.querySelectorAll(".row[aria-pressed=true]")) b.setAttribute("aria-pressed", "false");
    const ids = evidenceOf.get(table + ":" + key) || [];
    for (const id of ids) for (const node of pieces.get(id) || []) node.classList.add("marked");
    const button = rowButtons.get(table + ":" + key);
    if (button) {
      button.setAttribute("aria-pressed", "true");
      if (!fromPanel) button.scrollIntoView({ block: "nearest" });
    }
    if (fromPanel && ids.length) {
      const first = ids.map((id) => firstPiece.get(id)).filter((n) => n)
        .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))[0];
      if (first) {
        first.scrollIntoView({ block: "center" });
        pinned = true;
        showCard([first.dataset.ev], first);
      }
    }
  }

  const layout = el("main", { class: "layout" }, article, panel);
  document.body.append(header, layout, card);
  /* The key names each table's line style as the stylesheet draws it (one definition: explorer.css). */
  for (const item of legend.querySelectorAll("li")) {
    const swatch = item.querySelector(".swatch"), words = item.querySelector(".line-words");
    if (swatch && words) words.textContent = getComputedStyle(swatch).borderBottomStyle + " line";
  }
  document.body.dataset.ready = "true";
})();
