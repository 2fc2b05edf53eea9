// The New LS page (Rapporteur): drop the LS .docx, the form fills from the extraction with its warnings
// beside the fields; correct, save as draft, upload the TD, submit to the plenary.
import { html, render, nothing, api, apiBase, explain, startPage, hasRole, fieldError, documentLink, act as pageAct } from "./page-frame.js";
import { DeadlineReadings } from "./deadline-reading.js";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const PURPOSES = ["Action", "Comment", "Information"];
const main = document.getElementById("main");

const emptyAddressee = () => ({ group: "", purpose: "Action", deadline: "" });
const state = {
  me: null,
  meetings: [],
  groups: [],
  form: {
    meetingId: "", title: "", subject: "", sourceBody: "", sourceGroup: "", td: "", questions: "", approval: "",
    contact: { name: "", organization: "", email: "" }, addressees: [emptyAddressee()],
  },
  warnings: {},   // from the extraction: field → messages
  errors: {},     // from the server's last refusal: field → messages
  fileName: "",   // the .docx the form was filled from
  liaison: null,  // the stored draft (LS view) once saved
  dirty: false,
  busy: "",
  message: "",
  problem: "",
};
const readings = new DeadlineReadings(draw);

startPage("new-liaison", "New liaison statement", async (me) => {
  state.me = me;
  if (me && hasRole(me, "Rapporteur")) {
    try {
      const [meetings, groups] = await Promise.all([api("meetings"), api("groups")]);
      state.meetings = meetings;
      state.groups = groups;
      if (!state.form.meetingId && meetings.length) state.form.meetingId = meetings[0].id; // newest first
    } catch (err) {
      state.problem = explain(err);
    }
  }
  draw();
});

// ---- reading the form ----
const set = (path) => (e) => {
  const [head, tail] = path.split(".");
  if (tail) state.form[head][tail] = e.target.value; else state.form[head] = e.target.value;
  state.dirty = true;
  draw();
};
const setAddressee = (i, key) => (e) => {
  state.form.addressees[i][key] = e.target.value;
  state.dirty = true;
  draw();
};
const notes = (field) => [...(state.warnings[field] || []), ...(state.errors[field] || [])];
const describedBy = (field, id) => (notes(field).length ? id + "-note" : nothing);
const note = (field, id) => {
  const warnings = state.warnings[field] || [];
  const errors = state.errors[field] || [];
  return html`${fieldError({ [field]: errors }, field, id + "-note")}${warnings.length && !errors.length
    ? html`<span class="warning" id=${id + "-note"}>${warnings.join(" ")}</span>` : nothing}`;
};

const nameOf = (id) => (state.groups.find((g) => g.id === id) || { name: id }).name;

function findGroup(text) {
  const t = (text || "").trim().toLowerCase();
  if (!t) return null;
  return state.groups.find((g) => g.id === t || g.name.toLowerCase() === t || (g.aliases || []).some((a) => a.toLowerCase() === t)) || null;
}

// ---- the .docx ----
async function readDocument(file) {
  if (!file) return;
  state.busy = "Reading " + file.name + "…";
  state.problem = "";
  draw();
  try {
    const x = await api("documents/extract", { method: "POST", body: file, contentType: DOCX });
    const f = state.form;
    for (const k of ["title", "subject", "sourceBody", "sourceGroup", "td", "questions", "approval"]) f[k] = x[k] || "";
    if (x.meetingId) f.meetingId = x.meetingId;
    f.contact = { name: "", organization: "", email: "", ...(x.contact || {}) };
    // The extraction names a group it found by its directory id: shown by its name, as people write it.
    f.addressees = (x.addressees || []).map((a) => ({ group: nameOf(a.group || ""), purpose: a.purpose || "Action", deadline: a.deadline || "" }));
    if (!f.addressees.length) f.addressees = [emptyAddressee()];
    state.warnings = {};
    for (const w of x.warnings || []) (state.warnings[w.field] ||= []).push(w.message);
    state.errors = {};
    state.fileName = file.name;
    state.dirty = true;
    state.message = "Filled from " + file.name + ": check the fields" + ((x.warnings || []).length ? ", especially the " + x.warnings.length + " marked." : ".");
  } catch (err) {
    state.problem = "Could not read " + file.name + ": " + explain(err);
  }
  state.busy = "";
  draw();
}

function onDrop(e) {
  e.preventDefault();
  e.currentTarget.classList.remove("over");
  readDocument(e.dataTransfer.files[0]);
}

// ---- saving, the TD, submitting ----
function body() {
  const f = state.form;
  const blank = (v) => (v && v.trim() ? v.trim() : undefined);
  const contact = f.contact.name.trim() || f.contact.email.trim()
    ? { name: blank(f.contact.name), organization: blank(f.contact.organization), email: blank(f.contact.email) } : undefined;
  return {
    title: blank(f.title), subject: blank(f.subject), td: blank(f.td), questions: blank(f.questions), approval: blank(f.approval), contact,
    addressees: f.addressees.map((a) => ({ group: a.group.trim(), purpose: a.purpose, deadline: a.deadline.trim() || "none" })),
  };
}

const act = (label, work) => pageAct(state, draw, label, work);

async function save() {
  const f = state.form;
  if (state.liaison) {
    state.liaison = await api("liaisons/" + encodeURIComponent(state.liaison.id), { method: "PATCH", json: body() });
  } else {
    state.liaison = await api("liaisons", { method: "POST", json: { meetingId: f.meetingId, sourceBody: f.sourceBody.trim() || undefined, sourceGroup: f.sourceGroup.trim() || undefined, ...body() } });
  }
  state.errors = {};
  state.dirty = false;
  state.message = "Draft saved as " + state.liaison.id + ".";
}

async function uploadTd(file) {
  if (!file || !state.liaison) return;
  await act("Uploading " + file.name + "…", async () => {
    const id = encodeURIComponent(state.liaison.id);
    await api("liaisons/" + id + "/documents/" + encodeURIComponent(file.name), { method: "PUT", body: file, contentType: file.type || "application/octet-stream" });
    state.liaison = await api("liaisons/" + id);
    state.message = file.name + " uploaded.";
  });
}

async function submit() {
  await act("Submitting…", async () => {
    if (state.dirty || !state.liaison) await save();
    const answer = await api("liaisons/" + encodeURIComponent(state.liaison.id) + "/submit", { method: "POST", json: {} });
    state.liaison = { ...state.liaison, state: answer.state };
    state.message = "Submitted to the plenary: " + state.liaison.id + " is " + answer.state + ".";
  });
}

// ---- drawing ----
function draw() {
  render(view(), main);
}

function view() {
  if (!state.me) return html`<p class="status">Sign in (or enter your API key above) to draft an LS.</p>`;
  if (!hasRole(state.me, "Rapporteur")) {
    return html`<p class="notice">Drafting an LS needs the Rapporteur role; you are signed in as ${state.me.roles.join(", ") || "no role"}.</p>`;
  }
  const f = state.form;
  const ls = state.liaison;
  const submitted = ls && ls.state !== "Draft";
  return html`
    <div class="alert" role="alert" ?hidden=${!state.problem}>${state.problem}</div>
    <p class="status" role="status" aria-live="polite">${state.busy || state.message}</p>
    ${ls ? html`<p class="ls-state" id="ls-state">LS <strong>${ls.id}</strong>: <span class="state state-${ls.state}">${ls.state}</span>
      ${submitted ? html` · <a href=${apiBase + "pages/plenary?meeting=" + encodeURIComponent(ls.meetingId)}>the plenary</a>` : nothing}</p>` : nothing}

    <section class="card" aria-labelledby="doc-h">
      <h2 id="doc-h">1. The LS document</h2>
      <div class="drop" @dragover=${(e) => { e.preventDefault(); e.currentTarget.classList.add("over"); }}
           @dragleave=${(e) => e.currentTarget.classList.remove("over")} @drop=${onDrop}>
        <label for="docx">Drop the LS .docx here, or choose it</label>
        <input id="docx" type="file" accept=".docx,${DOCX}" ?disabled=${submitted} @change=${(e) => readDocument(e.target.files[0])}>
        ${state.fileName ? html`<span class="muted">Read: ${state.fileName}</span>` : nothing}
      </div>
    </section>

    <form class="card" aria-labelledby="form-h" novalidate @submit=${(e) => { e.preventDefault(); act("Saving…", save); }}>
      <h2 id="form-h">2. Check and correct</h2>
      <div class="grid">
        ${field("meetingId", "Meeting", "f-meeting", html`
          <select id="f-meeting" .value=${f.meetingId} ?disabled=${!!ls} @change=${set("meetingId")} aria-describedby=${describedBy("meetingId", "f-meeting")}>
            ${state.meetings.map((m) => html`<option value=${m.id} ?selected=${m.id === f.meetingId}>${m.title || m.id}</option>`)}
          </select>`)}
        ${text("title", "Title", "f-title", "wide")}
        ${text("subject", "Subject", "f-subject", "wide")}
        ${text("sourceBody", "Source (body)", "f-source-body", "", !!ls)}
        ${text("sourceGroup", "Source group", "f-source-group", "", !!ls)}
        ${text("td", "TD", "f-td")}
        ${text("questions", "Questions", "f-questions")}
        ${text("approval", "Approval", "f-approval")}
        ${text("contact.name", "Contact name", "f-contact-name")}
        ${text("contact.organization", "Contact organization", "f-contact-org")}
        ${text("contact.email", "Contact e-mail", "f-contact-email", "", false, "email")}
      </div>

      <h3>Addressees</h3>
      <datalist id="group-names">
        ${state.groups.flatMap((g) => [g.name, ...(g.aliases || [])]).map((n) => html`<option value=${n}></option>`)}
      </datalist>
      <ol class="addressees">
        ${f.addressees.map((a, i) => addressee(a, i))}
      </ol>
      ${fieldError(state.errors, "addressees", "addressees-note")}
      <button type="button" ?disabled=${submitted} @click=${() => { f.addressees.push(emptyAddressee()); state.dirty = true; draw(); }}>Add addressee</button>

      <div class="actions">
        <button type="submit" class="primary" ?disabled=${!!state.busy || submitted}>Save draft</button>
      </div>
    </form>

    <section class="card" aria-labelledby="td-h">
      <h2 id="td-h">3. The TD and the plenary</h2>
      <div class="field">
        <label for="td-file">TD document</label>
        <input id="td-file" type="file" ?disabled=${!ls || !!state.busy} aria-describedby="td-help" @change=${(e) => uploadTd(e.target.files[0])}>
        <span id="td-help" class="hint">${ls ? "Upload the TD as agreed by the rapporteur group." : "Save the draft first."}</span>
      </div>
      <ul class="docs">${(ls ? ls.documents : []).map((d) => html`<li>${documentLink(d.url, d.fileName)} <span class="muted">(${Math.max(1, Math.round(d.length / 1024))} KB)</span></li>`)}</ul>
      <div class="actions">
        <button type="button" class="primary" ?disabled=${!!state.busy || submitted || !f.title.trim()} @click=${submit}>Submit to the plenary</button>
      </div>
    </section>`;

  function field(name, label, id, control, css = "") {
    return html`<div class="field ${css}"><label for=${id}>${label}</label>${control}${note(name, id)}</div>`;
  }
  function text(name, label, id, css = "", locked = false, type = "text") {
    const [head, tail] = name.split(".");
    const value = tail ? f[head][tail] : f[head];
    return field(name, label, id, html`<input id=${id} type=${type} .value=${value} ?disabled=${locked || submitted}
      aria-invalid=${state.errors[name] ? "true" : nothing} aria-describedby=${describedBy(name, id)} @input=${set(name)}>`, css);
  }
  function addressee(a, i) {
    const p = "addressees[" + i + "]";
    const id = "a" + i;
    const group = findGroup(a.group);
    return html`<li class="addressee">
      <div class="field">
        <label for=${id + "-group"}>Group</label>
        <input id=${id + "-group"} list="group-names" autocomplete="off" .value=${a.group} ?disabled=${submitted}
          aria-invalid=${state.errors[p + ".group"] ? "true" : nothing} aria-describedby=${describedBy(p + ".group", id + "-group")} @input=${setAddressee(i, "group")}>
        ${note(p + ".group", id + "-group")}
        ${group && group.collective ? html`<span class="expands">Expands to ${group.members.map((m) => m.name).join(", ")}</span>` : nothing}
      </div>
      <div class="field">
        <label for=${id + "-purpose"}>Purpose</label>
        <select id=${id + "-purpose"} ?disabled=${submitted} @change=${setAddressee(i, "purpose")}>
          ${PURPOSES.map((p) => html`<option value=${p} ?selected=${p === a.purpose}>for ${p.toLowerCase()}</option>`)}
        </select>
        ${note(p + ".purpose", id + "-purpose")}
      </div>
      <div class="field wide">
        <label for=${id + "-deadline"}>Deadline</label>
        <input id=${id + "-deadline"} .value=${a.deadline} ?disabled=${submitted} placeholder="before 28 February 2018"
          aria-invalid=${state.errors[p + ".deadline"] ? "true" : nothing} aria-describedby=${id + "-reading"} @input=${setAddressee(i, "deadline")}>
        ${readings.show(a.deadline, id + "-reading")}
        ${note(p + ".deadline", id + "-deadline")}
      </div>
      <button type="button" class="remove" ?disabled=${submitted} aria-label=${"Remove addressee " + (i + 1)}
        @click=${() => { state.form.addressees.splice(i, 1); state.dirty = true; draw(); }}>Remove</button>
    </li>`;
  }
}
