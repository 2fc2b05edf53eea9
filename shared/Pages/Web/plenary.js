// The Plenary page (Chair), per meeting: the LSs awaiting endorsement with their TDs, addressees and
// purposes; endorse several at once (numbered in the order shown), hold or reject one with a reason;
// each LS's new state and number are shown as the orchestrations apply them.
import { html, render, nothing, api, apiBase, explain, startPage, hasRole, poll, documentLink } from "./page-frame.js";

const main = document.getElementById("main");
const state = {
  me: null,
  meetings: [],
  meetingId: new URLSearchParams(location.search).get("meeting") || "",
  liaisons: [],        // LS views, in the order shown; kept after they leave AwaitingEndorsement
  selected: new Set(),
  deciding: null,      // { id, kind: "hold" | "reject", reason }
  busy: "",
  message: "",
  problem: "",
  loaded: false,
};

startPage("plenary", "Plenary", async (me) => {
  state.me = me;
  if (!me) return draw();
  try {
    state.meetings = await api("meetings");
    if (!state.meetings.some((m) => m.id === state.meetingId)) state.meetingId = state.meetings.length ? state.meetings[0].id : ""; // newest first
    await load();
  } catch (err) {
    state.problem = explain(err);
    draw();
  }
});

// Plenary order: by TD number, as the TDs are taken in the meeting.
const tdOrder = (ls) => (ls.td ? ls.td.reference : "\uffff") + " " + ls.id;

async function load() {
  state.busy = "Loading…";
  draw();
  try {
    const list = await api("liaisons?meeting=" + encodeURIComponent(state.meetingId) + "&state=AwaitingEndorsement");
    const views = await Promise.all(list.map((s) => api("liaisons/" + encodeURIComponent(s.id))));
    state.liaisons = views.sort((a, b) => tdOrder(a).localeCompare(tdOrder(b), "en", { numeric: true }));
    state.selected.clear();
    state.deciding = null;
    state.loaded = true;
    state.message = views.length + " LS" + (views.length === 1 ? "" : "s") + " awaiting endorsement.";
  } catch (err) {
    state.problem = explain(err);
  }
  state.busy = "";
  draw();
}

function replace(view) {
  state.liaisons = state.liaisons.map((ls) => (ls.id === view.id ? view : ls));
}

// Until the orchestration has numbered and sent it (or the decision stands on its own), then show it.
const settled = (ls) => !["AwaitingEndorsement", "Endorsed", "Dispatched"].includes(ls.state) || (ls.state === "Dispatched" && ls.number);

async function follow(ids) {
  await Promise.all(ids.map(async (id) => {
    const view = await poll(() => api("liaisons/" + encodeURIComponent(id)), settled);
    replace(view);
    draw();
  }));
}

async function endorseSelected() {
  const ids = state.liaisons.filter((ls) => state.selected.has(ls.id)).map((ls) => ls.id);
  if (!ids.length) return;
  state.busy = "Endorsing " + ids.length + "…";
  state.problem = "";
  draw();
  try {
    const answer = await api("meetings/" + encodeURIComponent(state.meetingId) + "/endorse", { method: "POST", json: { liaisons: ids } });
    const refused = answer.results.filter((r) => r.problem);
    for (const r of answer.results) {
      const ls = state.liaisons.find((x) => x.id === r.id);
      if (ls && !r.problem) replace({ ...ls, state: r.state || ls.state, number: r.number || ls.number });
    }
    state.selected.clear();
    state.message = "Endorsed " + answer.results.filter((r) => !r.problem).map((r) => r.number || r.id).join(", ") + ".";
    if (refused.length) state.problem = refused.map((r) => r.id + ": " + (r.problem.detail || r.problem.title || r.problem)).join(" ");
    state.busy = "";
    draw();
    await follow(answer.results.filter((r) => !r.problem).map((r) => r.id));
    state.message = "Endorsed and sent: " + ids.map((id) => state.liaisons.find((x) => x.id === id)).filter((x) => x && x.number).map((x) => x.number).join(", ") + ".";
  } catch (err) {
    state.problem = explain(err);
  }
  state.busy = "";
  draw();
}

async function decide() {
  const { id, kind, reason } = state.deciding;
  state.busy = (kind === "hold" ? "Holding " : "Rejecting ") + id + "…";
  state.problem = "";
  draw();
  try {
    const answer = await api("liaisons/" + encodeURIComponent(id) + "/" + kind, { method: "POST", json: { reason: reason.trim() || undefined } });
    const ls = state.liaisons.find((x) => x.id === id);
    replace({ ...ls, state: answer.state });
    state.selected.delete(id);
    state.deciding = null;
    state.message = (ls.td ? ls.td.display : id) + " is " + answer.state + ".";
  } catch (err) {
    state.problem = explain(err);
  }
  state.busy = "";
  draw();
}

function draw() {
  render(view(), main);
}

function view() {
  if (!state.me) return html`<p class="status">Sign in (or enter your API key above) to see the plenary.</p>`;
  const chair = hasRole(state.me, "Chair");
  const awaiting = state.liaisons.filter((ls) => ls.state === "AwaitingEndorsement");
  return html`
    <div class="alert" role="alert" ?hidden=${!state.problem}>${state.problem}</div>
    <p class="status" role="status" aria-live="polite">${state.busy || state.message}</p>
    <div class="card bar">
      <div class="field">
        <label for="meeting">Meeting</label>
        <select id="meeting" @change=${(e) => { state.meetingId = e.target.value; history.replaceState(null, "", "?meeting=" + encodeURIComponent(state.meetingId)); load(); }}>
          ${state.meetings.map((m) => html`<option value=${m.id} ?selected=${m.id === state.meetingId}>${m.title || m.id}</option>`)}
        </select>
      </div>
      ${chair ? html`
        <button type="button" class="primary" id="endorse" ?disabled=${!state.selected.size || !!state.busy} @click=${endorseSelected}>
          Endorse selected (${state.selected.size})</button>
        <button type="button" ?disabled=${!awaiting.length} @click=${() => { awaiting.forEach((ls) => state.selected.add(ls.id)); draw(); }}>Select all</button>`
      : html`<p class="notice">Only the chair decides here; you see what awaits the plenary.</p>`}
    </div>
    ${state.loaded && !state.liaisons.length ? html`<p class="empty">No LS awaits endorsement at this meeting.</p>` : nothing}
    <ol class="plenary" aria-label="LSs awaiting endorsement, in plenary order">
      ${state.liaisons.map((ls, i) => item(ls, i, chair))}
    </ol>`;
}

// "ITU-T Study Group 17 (Security)" → "ITU-T Study Group 17": the plenary knows the groups' remits.
const shortName = (name) => name.replace(/\s*\(.*\)$/, "");

// Opens the reason form of one LS and puts the cursor in it, so the keyboard goes on from there.
function ask(id, kind, i) {
  state.deciding = { id, kind, reason: "" };
  draw();
  document.getElementById("reason-" + i).focus();
}

function item(ls, i, chair) {
  const open = ls.state === "AwaitingEndorsement";
  const name = ls.td ? ls.td.display : ls.id;
  const deciding = state.deciding && state.deciding.id === ls.id ? state.deciding : null;
  return html`<li class="card ls" data-ls=${ls.id}>
    <div class="ls-head">
      ${chair && open ? html`<input type="checkbox" id=${"sel-" + i} .checked=${state.selected.has(ls.id)}
        @change=${(e) => { if (e.target.checked) state.selected.add(ls.id); else state.selected.delete(ls.id); draw(); }}>
        <label for=${"sel-" + i}>Select ${name}</label>` : html`<span class="td">${name}</span>`}
      <span class="state state-${ls.state}" data-state=${ls.state}>${ls.state}</span>
      ${ls.number ? html`<strong class="number" data-number=${ls.number}>${ls.number}</strong>` : nothing}
      <a class="more" href=${apiBase + "dashboard?ls=" + encodeURIComponent(ls.id)} aria-label=${"Details of " + name + " on the dashboard"}>Details</a>
    </div>
    <h2 class="ls-title">${ls.title}</h2>
    <p class="muted">${[ls.sourceBody, ls.sourceGroup].filter(Boolean).join(" · ")}</p>
    <ul class="docs">${ls.documents.length ? ls.documents.map((d) => html`<li>${documentLink(d.url, d.fileName)}</li>`) : html`<li class="empty">No TD uploaded.</li>`}</ul>
    <table class="to">
      <caption class="visually-hidden">Addressees of ${name}</caption>
      <thead><tr><th scope="col">To</th><th scope="col">Purpose</th><th scope="col">Deadline</th></tr></thead>
      <tbody>${ls.addressees.map((a) => html`<tr><th scope="row">${shortName(a.groupName || a.group)}</th><td>${a.purpose}</td><td>${a.deadline.text}</td></tr>`)}</tbody>
    </table>
    ${chair && open && !deciding ? html`<div class="actions">
      <button type="button" @click=${() => ask(ls.id, "hold", i)}>Hold ${name}…</button>
      <button type="button" @click=${() => ask(ls.id, "reject", i)}>Reject ${name}…</button>
    </div>` : nothing}
    ${deciding ? html`<form class="decide" @submit=${(e) => { e.preventDefault(); decide(); }}>
      <div class="field wide">
        <label for=${"reason-" + i}>Reason to ${deciding.kind} ${name}</label>
        <input id=${"reason-" + i} required .value=${deciding.reason} @input=${(e) => { deciding.reason = e.target.value; }}>
      </div>
      <button type="submit" class="primary" ?disabled=${!!state.busy}>${deciding.kind === "hold" ? "Hold" : "Reject"} ${name}</button>
      <button type="button" @click=${() => { state.deciding = null; draw(); document.getElementById("sel-" + i)?.focus(); }}>Cancel</button>
    </form>` : nothing}
  </li>`;
}
