// The holding pen on the dashboard (Secretariat only): inbound mail LiaisonFlow could not register by
// itself — who sent it, when, its subject and attachments (downloads), SPF and DKIM, why it is held and
// the best candidates. Each message is assigned to an LS and group in one action (a candidate, or an LS
// and group chosen), which registers the reply, or dismissed with a reason. Text from the mail goes in
// through lit-html holes only, so it is shown as text, never as markup.
import { html, render, nothing, api, fmtDate, documentLink, act as pageAct } from "./page-frame.js";

const box = document.getElementById("holding-pen");
const state = { me: null, mail: null, liaisons: null, addressees: {}, choice: {}, reasons: {}, busy: "", message: "", problem: "", errors: {}, registered: null };
const act = (label, work) => pageAct(state, draw, label, work);
const OTHER = "other";

async function load() {
  try {
    state.me = await api("me");
  } catch {
    state.me = null;
  }
  if (!secretariat()) {
    draw();
    return;
  }
  await act("Reading the holding pen…", async () => {
    state.mail = await api("inbound?status=unmatched");
    // Choosing an LS by hand: only sent ones take replies.
    const all = await api("liaisons");
    state.liaisons = all.filter((ls) => ["Dispatched", "AwaitingReplies", "Closed"].includes(ls.state));
    for (const m of state.mail) {
      if (!state.choice[m.id]) state.choice[m.id] = m.candidates && m.candidates.length ? { pick: "0", liaison: "", group: "" } : { pick: OTHER, liaison: "", group: "" };
      // A candidate preselected without a group (the sender is not known) needs its LS's addressees to choose from.
      const first = (m.candidates || [])[0];
      if (first && !first.group) chooseGroupsOf(first.liaison);
    }
  });
}

const secretariat = () => !!state.me && state.me.roles.includes("Secretariat");

/** The LS and group the person has chosen for a message: a candidate, or the two chosen by hand. */
function target(m) {
  const c = state.choice[m.id];
  if (c.pick !== OTHER) {
    const candidate = m.candidates[Number(c.pick)];
    return { liaison: candidate.liaison, group: candidate.group || c.group };
  }
  return { liaison: c.liaison, group: c.group };
}

async function chooseLiaison(m, id) {
  const c = state.choice[m.id];
  c.liaison = id;
  c.group = "";
  if (id && !state.addressees[id]) {
    await act("Reading the LS's addressees…", async () => {
      const ls = await api("liaisons/" + encodeURIComponent(id));
      state.addressees[id] = ls.addressees;
    });
  }
  draw();
}

async function assign(e, m) {
  e.preventDefault();
  const chosen = target(m);
  await act("Registering the reply…", async () => {
    const answer = await api("inbound/" + encodeURIComponent(m.id) + "/assign", { method: "POST", json: chosen });
    state.registered = { liaison: answer.liaison, number: label(answer.liaison) };
    state.message = "Registered as the reply " + answer.reference + " of " + groupName(answer.group, answer.liaison) + " to " + label(answer.liaison) + ".";
    state.mail = state.mail.filter((x) => x.id !== m.id);
    document.dispatchEvent(new CustomEvent("liaison-changed", { detail: answer.liaison }));
  });
}

async function dismiss(e, m) {
  e.preventDefault();
  await act("Dismissing…", async () => {
    await api("inbound/" + encodeURIComponent(m.id) + "/dismiss", { method: "POST", json: { reason: (state.reasons[m.id] || "").trim() } });
    state.registered = null;
    state.message = "Dismissed: “" + m.subject + "”.";
    state.mail = state.mail.filter((x) => x.id !== m.id);
  });
}

function label(liaisonId) {
  const ls = (state.liaisons || []).find((l) => l.id === liaisonId);
  return ls && ls.number ? ls.number : liaisonId;
}

function groupName(groupId, liaisonId) {
  const a = (state.addressees[liaisonId] || []).find((x) => x.group === groupId);
  return a && a.groupName ? a.groupName : groupId;
}

function draw() {
  if (!box) return;
  box.hidden = !secretariat();
  render(view(), box);
}

function verdict(passed, text) {
  return html`<span class=${passed ? "pass" : "fail"}>${passed ? "pass" : "fail"}</span>${text ? html` <span class="muted">(${text})</span>` : nothing}`;
}

function view() {
  if (!secretariat()) return nothing;
  const mail = state.mail;
  return html`
    <h2 id="pen-h">Holding pen <span class="count">${mail ? "(" + mail.length + ")" : ""}</span></h2>
    <p class="muted">Inbound mail not registered by itself. Assign each message to an LS and group, or dismiss it with a reason.</p>
    <div class="alert" role="alert" ?hidden=${!state.problem}>${state.problem}</div>
    <p class="status" role="status" aria-live="polite" id="pen-status">${state.busy || state.message}
      ${!state.busy && state.registered ? html` <button type="button" class="link" @click=${() => document.dispatchEvent(new CustomEvent("liaison-show", { detail: state.registered.liaison }))}>Show ${state.registered.number}</button>` : nothing}</p>
    ${mail === null ? nothing : mail.length === 0
      ? html`<p class="empty">No mail in the holding pen.</p>`
      : html`<ul class="pen-list">${mail.map(message)}</ul>`}
    <button type="button" ?disabled=${!!state.busy} @click=${load}>Refresh holding pen</button>`;
}

function message(m) {
  const c = state.choice[m.id];
  const id = (part) => "pen-" + m.id + "-" + part;
  const candidates = m.candidates || [];
  const picked = c.pick === OTHER ? null : candidates[Number(c.pick)];
  const needsGroup = c.pick === OTHER ? !!c.liaison : !!picked && !picked.group;
  const groupsOf = (liaisonId) => state.addressees[liaisonId] || [];
  const groupLiaison = c.pick === OTHER ? c.liaison : picked && picked.liaison;
  return html`<li class="pen-item">
    <article aria-labelledby=${id("h")}>
      <h3 id=${id("h")}>${m.subject || "(no subject)"}</h3>
      <dl class="facts">
        <dt>From</dt><dd>${m.fromName ? m.fromName + " <" + m.from + ">" : m.from}</dd>
        <dt>Date</dt><dd>${fmtDate(m.sentAt || m.receivedAt)}</dd>
        <dt>SPF</dt><dd>${verdict(m.spfPassed, m.spf)}</dd>
        <dt>DKIM</dt><dd>${verdict(m.dkimPassed, m.dkim)}</dd>
        <dt>Why held</dt><dd>${m.reasonDetail || m.reason || ""}</dd>
        <dt>Attachments</dt><dd>${m.attachments.length
          ? html`<ul class="docs">${m.attachments.map((a) => html`<li>${documentLink(a.url, a.fileName)} <span class="muted">(${a.length} bytes)</span></li>`)}</ul>`
          : html`<span class="muted">none</span>`}</dd>
      </dl>
      <div class="action-grid">
        <form class="action" aria-labelledby=${id("assign-h")} @submit=${(e) => assign(e, m)}>
          <h4 id=${id("assign-h")}>Assign to an LS and group</h4>
          <fieldset>
            <legend>Reply to</legend>
            ${candidates.map((k, i) => html`<div class="field check">
              <input type="radio" name=${id("pick")} id=${id("c" + i)} value=${String(i)} .checked=${c.pick === String(i)}
                @change=${() => { c.pick = String(i); c.group = ""; if (!k.group) chooseGroupsOf(k.liaison); draw(); }}>
              <label for=${id("c" + i)}>${(k.number || k.liaison) + ", " + k.title + (k.group ? " — " + k.group : "")} <span class="muted">(${k.why})</span></label>
            </div>`)}
            <div class="field check">
              <input type="radio" name=${id("pick")} id=${id("other")} value=${OTHER} .checked=${c.pick === OTHER} @change=${() => { c.pick = OTHER; draw(); }}>
              <label for=${id("other")}>Another LS and group</label>
            </div>
          </fieldset>
          ${c.pick === OTHER ? html`<div class="field"><label for=${id("ls")}>LS</label>
            <select id=${id("ls")} required @change=${(e) => chooseLiaison(m, e.target.value)}>
              <option value="" ?selected=${!c.liaison}>Choose…</option>
              ${(state.liaisons || []).map((ls) => html`<option value=${ls.id} ?selected=${ls.id === c.liaison}>${(ls.number || ls.id) + ": " + ls.title}</option>`)}
            </select></div>` : nothing}
          ${needsGroup ? html`<div class="field"><label for=${id("group")}>Group that replied</label>
            <select id=${id("group")} required @change=${(e) => { c.group = e.target.value; }}>
              <option value="" ?selected=${!c.group}>Choose…</option>
              ${groupsOf(groupLiaison).map((a) => html`<option value=${a.group} ?selected=${a.group === c.group}>${a.groupName || a.group}</option>`)}
            </select></div>` : nothing}
          <button type="submit" class="primary" ?disabled=${!!state.busy}>Assign and register</button>
        </form>
        <form class="action" aria-labelledby=${id("dismiss-h")} @submit=${(e) => dismiss(e, m)}>
          <h4 id=${id("dismiss-h")}>Dismiss</h4>
          <div class="field"><label for=${id("reason")}>Reason for dismissing</label>
            <input id=${id("reason")} required .value=${state.reasons[m.id] || ""} @input=${(e) => { state.reasons[m.id] = e.target.value; }}></div>
          <button type="submit" ?disabled=${!!state.busy}>Dismiss</button>
        </form>
      </div>
    </article>
  </li>`;
}

/** A candidate without a group (the sender is not known): the person chooses among the LS's addressees. */
function chooseGroupsOf(liaisonId) {
  if (state.addressees[liaisonId]) return;
  api("liaisons/" + encodeURIComponent(liaisonId)).then((ls) => {
    state.addressees[liaisonId] = ls.addressees;
    draw();
  }, () => {});
}

// Started when the dashboard has read its report with the visitor's key (asked again in case that was before this module loaded).
let started = false;
document.addEventListener("dashboard-signed-in", () => {
  if (started) return;
  started = true;
  load();
});
document.dispatchEvent(new CustomEvent("holding-pen-ready"));
