"use strict";
// TSB dashboard. Everything from the API goes into the page as text (textContent), never as HTML.
(function () {
  const $ = (id) => document.getElementById(id);
  const KEY_STORE = "liaisonflow.apiKey";
  const state = { report: null, groups: [], sort: { key: "deadline", dir: 1 }, openLs: null, shownLs: null, detailSeq: 0, seq: 0, abort: null, signedIn: false };

  // ---- API key: ?key= (then dropped from the address bar), else localStorage ----
  const params = new URLSearchParams(location.search);
  let apiKey = params.get("key") || localStorage.getItem(KEY_STORE) || "";
  if (params.has("key")) {
    if (apiKey) localStorage.setItem(KEY_STORE, apiKey);
    params.delete("key");
    history.replaceState(null, "", location.pathname + (params.toString() ? "?" + params : ""));
  }
  $("key").value = apiKey;

  async function api(path, signal) {
    const headers = { Accept: "application/json" };
    if (apiKey) headers.Authorization = "Bearer " + apiKey;
    const response = await fetch(path, { credentials: "same-origin", headers, signal });
    let body = null;
    try { body = await response.json(); } catch { /* not JSON */ }
    if (!response.ok) throw new ApiError(response.status, body);
    return body;
  }

  class ApiError extends Error {
    constructor(status, body) {
      super((body && (body.detail || body.title)) || "The server answered " + status + ".");
      this.status = status;
      this.body = body;
    }
  }

  // Relative to this page: /api/dashboard -> /api/...
  const apiBase = location.pathname.replace(/\/dashboard\/?$/, "/");

  // ---- small DOM helpers ----
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    return node;
  }
  const text = (v) => (v === undefined || v === null || v === "" ? "–" : String(v));
  const fmtDate = (iso) => {
    if (!iso) return "–";
    const d = new Date(iso.length === 10 ? iso + "T00:00:00Z" : iso);
    return isNaN(d) ? String(iso) : d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  };
  const fmtTime = (iso) => {
    const d = new Date(iso);
    return isNaN(d) ? text(iso) : d.toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }) + " UTC";
  };
  const timeEl = (iso, shown) => (iso ? el("time", { datetime: iso, text: shown }) : document.createTextNode("–"));
  const lsName = (r) => r.number || r.liaisonId || r.id;
  const groupLabel = (id, name) => name || id;
  const safeUrl = (u) => { try { const x = new URL(u, location.href); return x.protocol === "http:" || x.protocol === "https:" ? x.href : null; } catch { return null; } };

  function showAlert(message) {
    const box = $("alert");
    box.textContent = message;
    box.hidden = !message;
  }
  function setStatus(message) { $("status").textContent = message; }

  function explain(err) {
    if (err.status === 401) {
      $("key").focus();
      return "Not signed in: enter your API key above (locally, e.g. dev-secretariat) and choose “Use key”, or sign in.";
    }
    if (err.status === 403) return "Your key or sign-in does not allow this: " + err.message;
    if (err.status === 400 && err.body && err.body.errors) {
      return "Check the filters: " + Object.values(err.body.errors).flat().join(" ");
    }
    return "Could not load: " + err.message;
  }

  // ---- filters <-> address bar ----
  function today() {
    // Geneva's calendar day, as the API's default asOf.
    return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Zurich" }).format(new Date());
  }
  function readFilters() {
    return {
      asOf: $("as-of").value || today(),
      group: $("f-group").value,
      purpose: $("f-purpose").value,
      dueBefore: $("f-due").value,
      overdueOnly: $("f-overdue").checked,
    };
  }
  function query(f, withGroup) {
    const q = new URLSearchParams({ asOf: f.asOf });
    if (withGroup && f.group) q.set("group", f.group);
    if (f.purpose) q.set("purpose", f.purpose);
    if (f.dueBefore) q.set("dueBefore", f.dueBefore);
    if (f.overdueOnly) q.set("overdueOnly", "true");
    return q;
  }
  function remember(f) {
    const q = query(f, true);
    if (state.openLs) q.set("ls", state.openLs);
    history.replaceState(null, "", location.pathname + "?" + q);
  }

  // ---- loading ----
  async function load() {
    const f = readFilters();
    remember(f);
    if (state.abort) state.abort.abort();
    const abort = (state.abort = new AbortController());
    const seq = ++state.seq;
    $("rows-table").setAttribute("aria-busy", "true");
    setStatus("Loading…");
    try {
      // The group list and per-group totals come from the report without the group filter.
      const all = api(apiBase + "dashboard/outstanding?" + query(f, false), abort.signal);
      const mine = f.group ? api(apiBase + "dashboard/outstanding?" + query(f, true), abort.signal) : all;
      const [allReport, report] = await Promise.all([all, mine]);
      if (seq !== state.seq) return;
      showAlert("");
      state.report = report;
      renderGroups(allReport.byGroup, f.group);
      renderSummary(report);
      renderRows();
      renderWeOwe();
      const where = f.group ? " for " + groupLabel(f.group, (report.byGroup[0] || {}).groupName || optionName(f.group)) : "";
      setStatus(report.rows.length + " replies owed" + where + " as of " + fmtDate(report.asOf) + ".");
      // The holding pen (holding-pen.js) starts once the key is known to work: no 401 of its own before.
      state.signedIn = true;
      document.dispatchEvent(new CustomEvent("dashboard-signed-in"));
    } catch (err) {
      if (err.name === "AbortError") return;
      setStatus("");
      showAlert(explain(err));
    } finally {
      if (seq === state.seq) $("rows-table").removeAttribute("aria-busy");
    }
  }

  function optionName(id) {
    const o = [...$("f-group").options].find((x) => x.value === id);
    return o ? o.textContent.replace(/\s*\(\d+\)$/, "") : id;
  }

  function renderSummary(r) {
    $("t-open").textContent = r.summary.openLiaisons;
    $("t-outstanding").textContent = r.summary.outstanding;
    $("t-overdue").textContent = r.summary.overdue;
    $("t-soon").textContent = r.summary.dueIn14Days;
  }

  function renderGroups(byGroup, selected) {
    // Keep groups seen earlier (e.g. one with nothing owed under today's filters) selectable.
    for (const g of byGroup) if (!state.groups.some((x) => x.group === g.group)) state.groups.push({ group: g.group, groupName: g.groupName });
    state.groups.sort((a, b) => groupLabel(a.group, a.groupName).localeCompare(groupLabel(b.group, b.groupName), "en", { numeric: true }));
    const select = $("f-group");
    select.replaceChildren(el("option", { value: "", text: "All groups" }),
      ...state.groups.map((g) => el("option", { value: g.group, text: groupLabel(g.group, g.groupName) })));
    if (selected && !state.groups.some((g) => g.group === selected)) select.append(el("option", { value: selected, text: selected }));
    select.value = selected || "";

    const body = $("groups-table").tBodies[0];
    body.replaceChildren(...byGroup.map((g) =>
      el("tr", { "aria-current": g.group === selected ? "true" : null },
        el("th", { scope: "row" },
          el("button", { type: "button", class: "link", "aria-pressed": g.group === selected ? "true" : "false",
            title: g.group === selected ? "Show all groups" : "Show only this group",
            onclick: () => { $("f-group").value = g.group === selected ? "" : g.group; load(); },
            text: shortName(groupLabel(g.group, g.groupName)) }),
          longPart(groupLabel(g.group, g.groupName))),
        el("td", { class: "num", text: g.outstanding }),
        el("td", { class: "num", text: g.overdue }))));
    if (!byGroup.length) body.append(el("tr", {}, el("td", { colspan: 3, class: "empty", text: "Nothing owed." })));
  }

  // "ITU-T Study Group 17 (Security)": the link says "ITU-T Study Group 17", the rest goes below it.
  const shortName = (name) => name.replace(/\s*\(.*\)$/, "");
  const longPart = (name) => { const m = /\((.*)\)$/.exec(name); return m ? el("span", { class: "more", text: m[1] }) : null; };

  const sorters = {
    number: (r) => lsName(r),
    title: (r) => r.title || "",
    group: (r) => groupLabel(r.group, r.groupName),
    purpose: (r) => r.purpose || "",
    deadline: (r) => r.deadlineDate || "\uffff",
    daysLeft: (r) => (typeof r.daysLeft === "number" ? r.daysLeft : Number.MAX_SAFE_INTEGER),
    chaser: (r) => r.lastChaserAt || "",
  };
  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), "en", { numeric: true, sensitivity: "base" });
  }

  function renderRows() {
    const rows = [...(state.report ? state.report.rows : [])];
    const { key, dir } = state.sort;
    rows.sort((a, b) => dir * compare(sorters[key](a), sorters[key](b)) || compare(sorters.deadline(a), sorters.deadline(b)) || compare(lsName(a), lsName(b)));
    for (const th of $("rows-table").tHead.rows[0].cells) {
      const k = th.querySelector("button").dataset.sort;
      th.setAttribute("aria-sort", k === key ? (dir > 0 ? "ascending" : "descending") : "none");
    }
    $("rows-count").textContent = "(" + rows.length + ")";
    $("rows-empty").hidden = rows.length > 0;
    $("rows-table").tBodies[0].replaceChildren(...rows.map((r) => {
      const deadline = el("td", {}, r.deadlineDate ? timeEl(r.deadlineDate, fmtDate(r.deadlineDate)) : el("span", { class: "muted", text: "none" }));
      if (r.deadlineText && r.deadlineText !== "none") deadline.append(el("br"), el("span", { class: "muted", text: r.deadlineText }));
      const days = el("td", { class: "num", text: typeof r.daysLeft === "number" ? r.daysLeft : "–" });
      if (r.overdue) days.append(el("span", { class: "badge badge-bad", text: "overdue" }));
      else if (typeof r.daysLeft === "number" && r.daysLeft <= 14) days.append(el("span", { class: "badge badge-soon", text: "soon" }));
      return el("tr", { "data-ls": r.liaisonId, "data-group": r.group },
        el("th", { scope: "row" }, el("button", { type: "button", class: "link", "aria-label": "Details of " + lsName(r), onclick: () => openDetail(r.liaisonId), text: lsName(r) })),
        el("td", { text: r.title }),
        el("td", { text: groupLabel(r.group, r.groupName) }),
        el("td", { text: r.purpose }),
        deadline,
        days,
        el("td", {}, r.lastChaserAt ? timeEl(r.lastChaserAt, fmtDate(r.lastChaserAt)) : el("span", { class: "muted", text: "none" })));
    }));
  }

  // "We owe": what incoming LSs ask of our own groups, by deadline (the report's weOwe, same filters).
  function renderWeOwe() {
    const rows = (state.report && state.report.weOwe) || [];
    $("weowe-count").textContent = "(" + rows.length + ")";
    $("weowe-empty").hidden = rows.length > 0;
    $("weowe-scroll").hidden = rows.length === 0; // no empty table: the sentence says it
    $("weowe-table").tBodies[0].replaceChildren(...rows.map((r) => {
      const days = el("td", { class: "num", text: typeof r.daysLeft === "number" ? r.daysLeft : "–" });
      if (r.overdue) days.append(el("span", { class: "badge badge-bad", text: "overdue" }));
      return el("tr", { "data-ls": r.liaisonId, "data-group": r.group },
        el("th", { scope: "row" }, el("button", { type: "button", class: "link", "aria-label": "Details of " + lsName(r), onclick: () => openDetail(r.liaisonId), text: lsName(r) })),
        el("td", { text: r.title }),
        el("td", { text: groupLabel(r.group, r.groupName) }),
        el("td", { text: r.purpose }),
        el("td", {}, r.deadlineDate ? timeEl(r.deadlineDate, fmtDate(r.deadlineDate)) : el("span", { class: "muted", text: "none" })),
        days);
    }));
  }

  // ---- LS detail ----
  async function openDetail(id, again) {
    state.openLs = id;
    remember(readFilters());
    const section = $("detail");
    section.hidden = false;
    if (!again) $("detail-h").textContent = "Loading " + id + "…";
    try {
      const seq = ++state.detailSeq;
      const ls = await api(apiBase + "liaisons/" + encodeURIComponent(id));
      // Shown again twice in a row (after an action): only the latest answer counts.
      if (state.openLs !== id || seq !== state.detailSeq) return;
      renderDetail(ls);
      // The actions module (liaison-actions.js) draws what the signed-in role may do with this LS.
      state.shownLs = ls;
      document.dispatchEvent(new CustomEvent("liaison-detail", { detail: ls }));
      if (again) return; // shown again after an action: focus stays where the person is
      $("detail-h").focus();
      section.scrollIntoView({ block: "start" });
    } catch (err) {
      $("detail-h").textContent = id;
      showAlert(explain(err));
    }
  }

  function closeDetail() {
    const id = state.openLs;
    state.openLs = null;
    $("detail").hidden = true;
    remember(readFilters());
    const back = id && document.querySelector('#rows-table tr[data-ls="' + CSS.escape(id) + '"] button');
    if (back) back.focus();
  }

  const CHAIN = { InReplyTo: "In reply to", AnsweredBy: "Answered by", RepliesTo: "Replies to", RepliedBy: "Replied to by" };

  function renderDetail(ls) {
    $("detail-h").textContent = (ls.direction === "Incoming" ? "Incoming: " : "") + (ls.number ? ls.number + ": " : "") + ls.title;
    const facts = [
      ["State", ls.state], ["Meeting", ls.meetingId], ["From", [ls.sourceBody, ls.sourceGroup || ls.fromGroup].filter(Boolean).join(" · ")],
      ["TD", ls.td && ls.td.display], ["Subject", ls.subject], ["Contact", ls.contact && [ls.contact.name, ls.contact.email].filter(Boolean).join(", ")],
      ["Endorsed", ls.endorsedOn && fmtDate(ls.endorsedOn)], ["Dispatched", ls.dispatchedOn && fmtDate(ls.dispatchedOn)],
      ["Received", ls.direction === "Incoming" && ls.receivedOn && fmtDate(ls.receivedOn)],
    ];
    // The reply chain, both ways: each linked LS opens in this panel.
    const chain = (ls.chain || []).map((link) => [CHAIN[link.relation] || link.relation, el("button", {
      type: "button", class: "link", "data-chain": link.relation, onclick: () => openDetail(link.id),
      text: (link.number || link.id) + (link.title ? ": " + link.title : ""),
    })]);
    $("detail-facts").replaceChildren(
      ...facts.filter(([, v]) => v).flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })]),
      ...chain.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", {}, v)]));

    fill("d-addressees", ls.addressees, (a) => [
      text(groupLabel(a.group, a.groupName)), text(a.purpose),
      text(a.deadline && a.deadline.text) + (overdueAsOf(a, readFilters().asOf) ? " (overdue)" : ""),
      text(a.replyStatus) + (a.replyReference ? " – " + a.replyReference : "") + (a.repliedOn ? " on " + fmtDate(a.repliedOn) : ""),
    ], "No addressees.");
    fill("d-replies", ls.replies, (r) => [text(groupLabel(r.group, r.groupName)), docLink(r.document, r.reference), fmtDate(r.receivedOn), text(r.note)], "No replies yet.");
    fill("d-history", ls.history, (h) => [timeEl(h.at, fmtTime(h.at)), text(h.event), text(h.actor), text(h.detail)], "No history.");

    const docs = ls.documents || [];
    $("d-documents").replaceChildren(...(docs.length
      ? docs.map((d) => el("li", {}, docLink(d.url, d.fileName), el("span", { class: "muted", text: " (" + Math.max(1, Math.round(d.length / 1024)) + " KB, " + d.contentType + ")" })))
      : [el("li", { class: "empty", text: "No documents uploaded." })]));
  }

  // Overdue on the page's "as of" day, like the table (the API's flag is about today): owed a reply,
  // deadline day over, and no reply by then. ISO dates compare as strings.
  function overdueAsOf(a, asOf) {
    const due = a.deadline && a.deadline.date;
    if (!due || a.purpose === "Information") return false;
    if (a.repliedOn && a.repliedOn <= asOf) return false;
    return due < asOf;
  }

  // Documents need the same sign-in: with a key, fetch with it and open the file from memory.
  function docLink(url, label) {
    const href = url && safeUrl(url);
    if (!href) return text(label);
    return el("a", { href, rel: "noopener", onclick: async (e) => {
      if (!apiKey) return;
      e.preventDefault();
      try {
        const response = await fetch(href, { credentials: "same-origin", headers: { Authorization: "Bearer " + apiKey } });
        if (!response.ok) throw new ApiError(response.status, null);
        const blobUrl = URL.createObjectURL(await response.blob());
        window.open(blobUrl, "_blank", "noopener");
        setTimeout(() => URL.revokeObjectURL(blobUrl), 60000);
      } catch (err) { showAlert(explain(err)); }
    }, text: text(label) });
  }

  function fill(tableId, items, cells, emptyText) {
    const body = $(tableId).tBodies[0];
    const list = items || [];
    const width = $(tableId).tHead.rows[0].cells.length;
    body.replaceChildren(...(list.length
      ? list.map((item) => el("tr", {}, ...cells(item).map((c, i) => el(i === 0 ? "th" : "td", i === 0 ? { scope: "row" } : {}, c))))
      : [el("tr", {}, el("td", { colspan: width, class: "empty", text: emptyText }))]));
  }

  // ---- events ----
  $("key-form").addEventListener("submit", (e) => {
    e.preventDefault();
    apiKey = $("key").value.trim();
    if (apiKey) localStorage.setItem(KEY_STORE, apiKey); else localStorage.removeItem(KEY_STORE);
    load();
  });
  $("key-forget").addEventListener("click", () => { apiKey = ""; $("key").value = ""; localStorage.removeItem(KEY_STORE); setStatus("Key forgotten."); });
  $("as-of").addEventListener("change", () => { if ($("as-of").value) load(); });
  $("today").addEventListener("click", () => { $("as-of").value = today(); load(); });
  $("filters").addEventListener("change", load);
  $("filters").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  $("filters").addEventListener("reset", () => setTimeout(load, 0));
  $("detail-close").addEventListener("click", closeDetail);
  // The module loads after this script: when it is ready, it is told the LS already shown, if any.
  document.addEventListener("liaison-actions-ready", () => {
    if (state.shownLs && state.openLs === state.shownLs.id) document.dispatchEvent(new CustomEvent("liaison-detail", { detail: state.shownLs }));
  });
  document.addEventListener("liaison-changed", (e) => { if (state.openLs === e.detail) { openDetail(e.detail, true); load(); } });
  // The holding pen (holding-pen.js) asks for the LS a message was just registered against.
  document.addEventListener("liaison-show", (e) => openDetail(e.detail));
  document.addEventListener("holding-pen-ready", () => { if (state.signedIn) document.dispatchEvent(new CustomEvent("dashboard-signed-in")); });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape" && state.openLs) closeDetail(); });
  for (const button of document.querySelectorAll("#rows-table th button")) {
    button.addEventListener("click", () => {
      const key = button.dataset.sort;
      state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : 1 };
      renderRows();
    });
  }

  // ---- start from the address bar ----
  $("as-of").value = /^\d{4}-\d{2}-\d{2}$/.test(params.get("asOf") || "") ? params.get("asOf") : today();
  $("f-purpose").value = params.get("purpose") || "";
  $("f-due").value = params.get("dueBefore") || "";
  $("f-overdue").checked = params.get("overdueOnly") === "true";
  if (params.get("group")) $("f-group").append(el("option", { value: params.get("group"), text: params.get("group") }));
  $("f-group").value = params.get("group") || "";
  load();
  if (params.get("ls")) openDetail(params.get("ls"));
})();
