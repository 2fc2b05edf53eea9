// The Secretariat's actions on the dashboard's LS detail: register a reply (with its document), give
// one group a new deadline (read back live), stop or restart chasing, close with a reason, and the
// LS's mail log. The dashboard announces the LS it shows ("liaison-detail"); after a change this
// module asks it to show the LS again ("liaison-changed").
import { html, render, nothing, api, explain, poll, fmtDate, act as pageAct } from "./page-frame.js";
import { DeadlineReadings } from "./deadline-reading.js";

const box = document.getElementById("detail-actions");
const state = { me: null, ls: null, reply: null, deadline: null, closeReason: "", mail: null, busy: "", message: "", problem: "", errors: {} };
const readings = new DeadlineReadings(draw);

const owing = (ls) => ls.addressees.filter((a) => a.replyStatus === "Outstanding");
const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Zurich" }).format(new Date());
const finished = (ls) => ["Closed", "Rejected", "Withdrawn"].includes(ls.state);

document.addEventListener("liaison-detail", async (e) => {
  const ls = e.detail;
  const other = !state.ls || state.ls.id !== ls.id;
  state.ls = ls;
  if (other) {
    Object.assign(state, { mail: null, message: "", problem: "", closeReason: "" });
    state.reply = { fromGroup: "", reference: "", receivedOn: today(), note: "", file: null };
    state.deadline = { group: "", text: "", reason: "" };
  }
  try {
    state.me = await api("me");
  } catch {
    state.me = null;
  }
  draw();
});

// The dashboard may have shown an LS before this module loaded: ask for it again.
document.dispatchEvent(new CustomEvent("liaison-actions-ready"));

function changed(message) {
  state.message = message;
  document.dispatchEvent(new CustomEvent("liaison-changed", { detail: state.ls.id }));
}

const act = (label, work) => pageAct(state, draw, label, work);

const path = () => "liaisons/" + encodeURIComponent(state.ls.id);

async function registerReply(e) {
  e.preventDefault();
  const r = state.reply;
  await act("Registering the reply…", async () => {
    const form = new FormData();
    form.set("fromGroup", r.fromGroup);
    form.set("reference", r.reference.trim());
    form.set("receivedOn", r.receivedOn);
    if (r.note.trim()) form.set("note", r.note.trim());
    if (r.file) form.set("document", r.file, r.file.name);
    await api(path() + "/replies", { method: "POST", body: form });
    const from = r.fromGroup;
    state.reply = { fromGroup: "", reference: "", receivedOn: r.receivedOn, note: "", file: null };
    e.target.reset(); // clears the file and the group chosen; the date stays for the next reply of the same batch
    e.target.elements["r-date"].value = r.receivedOn;
    changed("Reply from " + from + " registered.");
  });
  if (!state.problem) await followClosing();
}

// The last reply owed closes the LS: the workflow does it right after; show it when it has.
async function followClosing() {
  try {
    const after = await api(path());
    if (owing(after).length) return;
    if (!finished(after)) {
      state.message = "Every reply is in: the LS is closing…";
      draw();
    }
    // Closed already, or as soon as it is: the dashboard shows the LS again either way.
    const closed = finished(after) ? after : await poll(() => api(path()), finished, { every: 1000, within: 180000 });
    changed(finished(closed) ? "Every reply is in: the LS is " + closed.state + "." : "Every reply is in; the LS has not closed yet.");
  } catch (err) {
    state.problem = explain(err);
  }
  draw();
}

async function changeDeadline(e) {
  e.preventDefault();
  const d = state.deadline;
  await act("Changing the deadline…", async () => {
    await api(path() + "/addressees/" + encodeURIComponent(d.group) + "/deadline", { method: "POST", json: { deadline: d.text.trim(), reason: d.reason.trim() || undefined } });
    state.deadline = { group: "", text: "", reason: "" };
    e.target.reset();
    changed("Deadline changed.");
  });
}

async function setChasing(enabled) {
  await act(enabled ? "Starting to chase…" : "Stopping chasers…", async () => {
    await api(path() + "/chasers", { method: "POST", json: { enabled } });
    changed(enabled ? "Chasing started." : "Chasing stopped.");
  });
}

async function close(e) {
  e.preventDefault();
  await act("Closing…", async () => {
    const answer = await api(path() + "/close", { method: "POST", json: { reason: state.closeReason.trim() } });
    state.closeReason = "";
    changed("Closed: the LS is " + answer.state + ".");
  });
}

async function showMail() {
  await act("Reading the mail log…", async () => {
    state.mail = await api("mail?liaison=" + encodeURIComponent(state.ls.id));
  });
}

function draw() {
  if (!box) return;
  render(view(), box);
}

function view() {
  const ls = state.ls;
  if (!ls || !state.me || !state.me.roles.includes("Secretariat")) return nothing;
  const sent = ["Dispatched", "AwaitingReplies", "Closed"].includes(ls.state);
  const open = !finished(ls);
  const r = state.reply;
  const d = state.deadline;
  const owed = owing(ls);
  return html`
    <h3 id="actions-h">Actions</h3>
    <div class="alert" role="alert" ?hidden=${!state.problem}>${state.problem}</div>
    <p class="status" role="status" aria-live="polite" id="actions-status">${state.busy || state.message}</p>
    <div class="action-grid">
      ${sent ? html`<form class="action" aria-labelledby="reply-h" @submit=${registerReply}>
        <h4 id="reply-h">Register a reply</h4>
        <div class="field"><label for="r-group">From group</label>
          <select id="r-group" required @change=${(e) => { r.fromGroup = e.target.value; }}>
            <option value="" ?selected=${!r.fromGroup}>Choose…</option>
            ${ls.addressees.map((a) => html`<option value=${a.group} ?selected=${a.group === r.fromGroup}>${a.groupName || a.group}${a.repliedOn ? " (replied)" : ""}</option>`)}
          </select></div>
        <div class="field"><label for="r-ref">Reference</label><input id="r-ref" required placeholder="SG17-LS12" .value=${r.reference} @input=${(e) => { r.reference = e.target.value; }}></div>
        <div class="field"><label for="r-date">Received on</label><input id="r-date" type="date" required .value=${r.receivedOn} @input=${(e) => { r.receivedOn = e.target.value; }}></div>
        <div class="field"><label for="r-note">Note</label><input id="r-note" .value=${r.note} @input=${(e) => { r.note = e.target.value; }}></div>
        <div class="field"><label for="r-doc">Reply document</label><input id="r-doc" type="file" @change=${(e) => { r.file = e.target.files[0] || null; }}></div>
        <button type="submit" class="primary" ?disabled=${!!state.busy}>Register reply</button>
      </form>` : nothing}

      ${sent && open && owed.length ? html`<form class="action" aria-labelledby="deadline-h" @submit=${changeDeadline}>
        <h4 id="deadline-h">Extend a deadline</h4>
        <div class="field"><label for="d-group">Group to extend</label>
          <select id="d-group" required @change=${(e) => { d.group = e.target.value; }}>
            <option value="" ?selected=${!d.group}>Choose…</option>
            ${owed.map((a) => html`<option value=${a.group} ?selected=${a.group === d.group}>${a.groupName || a.group} (${a.deadline.text})</option>`)}
          </select></div>
        <div class="field"><label for="d-text">New deadline</label>
          <input id="d-text" required placeholder="before 30 April 2018" .value=${d.text} aria-describedby="d-reading" @input=${(e) => { d.text = e.target.value; draw(); }}>
          ${d.text.trim() ? readings.show(d.text, "d-reading") : html`<span class="reading muted" id="d-reading" aria-live="polite">Type the new deadline as it will be written.</span>`}</div>
        <div class="field"><label for="d-reason">Reason</label><input id="d-reason" .value=${d.reason} @input=${(e) => { d.reason = e.target.value; }}></div>
        <button type="submit" class="primary" ?disabled=${!!state.busy}>Change deadline</button>
      </form>` : nothing}

      ${sent && open ? html`<div class="action" role="group" aria-labelledby="chase-h">
        <h4 id="chase-h">Chasing</h4>
        <p>${ls.chasingSince ? html`Groups owing a reply are chased since ${fmtDate(ls.chasingSince)}.` : "Nobody is chased for this LS."}</p>
        ${ls.chasingSince
          ? html`<button type="button" ?disabled=${!!state.busy} @click=${() => setChasing(false)}>Stop chasing</button>`
          : html`<button type="button" ?disabled=${!!state.busy} @click=${() => setChasing(true)}>Start chasing</button>`}
      </div>` : nothing}

      ${open ? html`<form class="action" aria-labelledby="close-h" @submit=${close}>
        <h4 id="close-h">Close the LS</h4>
        <div class="field"><label for="c-reason">Reason for closing</label><input id="c-reason" required .value=${state.closeReason} @input=${(e) => { state.closeReason = e.target.value; }}></div>
        <button type="submit" ?disabled=${!!state.busy}>Close LS</button>
      </form>` : nothing}
    </div>

    <h3>Mail log</h3>
    ${state.mail === null
      ? html`<button type="button" ?disabled=${!!state.busy} @click=${showMail}>Show mail log</button>`
      : html`<div class="scroll"><table id="d-mail">
          <thead><tr><th scope="col">Created</th><th scope="col">Kind</th><th scope="col">To</th><th scope="col">Status</th><th scope="col">Attempts</th></tr></thead>
          <tbody>${state.mail.length ? state.mail.map((m) => html`<tr>
            <th scope="row">${fmtDate(m.createdAt)}</th><td>${m.kind}</td><td>${m.to.join(", ")}</td>
            <td>${m.status}${m.error ? html` <span class="muted">${m.error}</span>` : nothing}</td><td class="num">${m.attempts}</td></tr>`)
            : html`<tr><td colspan="5" class="empty">No mail yet.</td></tr>`}</tbody>
        </table></div>
        <button type="button" @click=${showMail}>Refresh mail log</button>`}`;
}
