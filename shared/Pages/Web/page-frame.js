// What every page shares: the calls to the API (bearer key locally, cookie in Azure), the header with
// its links, who is signed in and the key box, and problem+json read into messages per field.
// Everything from data goes into the page through lit-html holes, which insert text, never markup.
import { html, render, nothing } from "./lit-html.js";

export { html, render, nothing };

const KEY_STORE = "liaisonflow.apiKey";
/** "/api/": this module is served from /api/assets/. */
export const apiBase = new URL("../", import.meta.url).pathname;

let apiKey = (() => {
  const params = new URLSearchParams(location.search);
  const key = params.get("key") || localStorage.getItem(KEY_STORE) || "";
  if (params.has("key")) {
    // Kept in the browser, not in the address bar (nor in its history).
    if (key) localStorage.setItem(KEY_STORE, key);
    params.delete("key");
    history.replaceState(null, "", location.pathname + (params.toString() ? "?" + params : ""));
  }
  return key;
})();

export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || "The server answered " + status + ".");
    this.status = status;
    this.body = body;
  }
  /** The problem's messages per field ("addressees[0].deadline" → ["…"]). */
  get fields() {
    return (this.body && this.body.errors) || {};
  }
}

/** Calls the API: path relative to /api/; json or raw body; answers the parsed JSON (or null). */
export async function api(path, { method = "GET", json, body, contentType, headers: extra } = {}) {
  const headers = { Accept: "application/json", ...extra };
  if (apiKey) headers.Authorization = "Bearer " + apiKey;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (contentType) headers["Content-Type"] = contentType;
  const response = await fetch(apiBase + path, { method, credentials: "same-origin", headers, body });
  let answer = null;
  try { answer = await response.json(); } catch { /* no JSON body */ }
  if (!response.ok) throw new ApiError(response.status, answer);
  return answer;
}

/** One sentence for a failed call, saying what to do where there is something to do. */
export function explain(err) {
  if (!(err instanceof ApiError)) return "Could not reach the server: " + err.message;
  if (err.status === 401) return "Not signed in: enter your API key above (locally, e.g. dev-rapporteur) and choose “Use key”, or sign in.";
  if (err.status === 403) return "Your sign-in does not allow this: " + err.message;
  const fields = Object.values(err.fields).flat();
  return fields.length ? err.message + (fields.includes(err.message) ? "" : " " + fields.join(" ")) : err.message;
}

/** Calls again every interval until check(answer) holds or the time is up; answers the last answer. */
export async function poll(call, check, { every = 700, within = 60000 } = {}) {
  const end = Date.now() + within;
  for (;;) {
    const answer = await call();
    if (check(answer) || Date.now() > end) return answer;
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

export const hasRole = (me, role) => !!me && (me.roles.includes(role) || me.roles.includes("Secretariat"));

export function fmtDate(iso) {
  if (!iso) return "–";
  const d = new Date(iso.length === 10 ? iso + "T00:00:00Z" : iso);
  return isNaN(d) ? String(iso) : d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

const links = [
  ["dashboard", "Dashboard", "dashboard"],
  ["new-liaison", "New LS", "pages/new-liaison"],
  ["plenary", "Plenary", "pages/plenary"],
];

/**
 * Draws the header and finds out who is signed in; calls onSignedIn(me) then and after each new key.
 * Answers nothing: the page draws itself from onSignedIn.
 */
export function startPage(current, heading, onSignedIn) {
  const top = document.getElementById("top");
  // The page's "Loading…" placeholder goes; from here on the page's module draws main.
  document.getElementById("main").replaceChildren();
  let me = null;
  let message = "";
  const draw = () => render(html`
    <div class="brand">
      <h1>${heading}</h1>
      <nav aria-label="Pages"><ul class="nav">
        ${links.map(([id, label, path]) => html`<li><a href=${apiBase + path} aria-current=${id === current ? "page" : nothing}>${label}</a></li>`)}
      </ul></nav>
    </div>
    <div class="who">
      <p class="signed-in" id="signed-in">${me ? html`Signed in as <strong>${me.name}</strong> (${me.roles.join(", ") || "no role"})` : message || "Not signed in"}</p>
      <form class="key" autocomplete="off" @submit=${useKey}>
        <label for="key">API key</label>
        <input id="key" name="key" type="password" spellcheck="false" .value=${apiKey} aria-describedby="key-help">
        <button type="submit">Use key</button>
        <button type="button" @click=${forget}>Forget</button>
        <span id="key-help" class="hint">Only for local use; in Azure you are signed in.</span>
      </form>
    </div>`, top);
  async function whoAmI() {
    try {
      me = await api("me");
      message = "";
    } catch (err) {
      me = null;
      message = err.status === 401 ? "Not signed in" : explain(err);
    }
    draw();
    onSignedIn(me);
  }
  function useKey(e) {
    e.preventDefault();
    apiKey = e.target.elements.key.value.trim();
    if (apiKey) localStorage.setItem(KEY_STORE, apiKey); else localStorage.removeItem(KEY_STORE);
    whoAmI();
  }
  function forget() {
    apiKey = "";
    localStorage.removeItem(KEY_STORE);
    whoAmI();
  }
  draw();
  whoAmI();
}

/**
 * A link to a stored document (a TD, a reply's document). Documents need the same sign-in as the API:
 * with a local key the file is fetched with it and opened from memory; signed in by cookie, the link
 * works as it is. Always on this page's origin, whatever base URL the server put in the link.
 */
export function documentLink(url, label) {
  let path;
  try {
    const u = new URL(url, location.href);
    path = u.pathname + u.search;
  } catch {
    return label;
  }
  return html`<a href=${path} rel="noopener" @click=${(e) => openDocument(e, path)}>${label}</a>`;
}

async function openDocument(e, path) {
  if (!apiKey) return;
  e.preventDefault();
  const response = await fetch(path, { credentials: "same-origin", headers: { Authorization: "Bearer " + apiKey } });
  if (!response.ok) {
    location.href = path; // the server's own answer says what is wrong
    return;
  }
  const blobUrl = URL.createObjectURL(await response.blob());
  window.open(blobUrl, "_blank", "noopener");
  setTimeout(() => URL.revokeObjectURL(blobUrl), 60000);
}

/**
 * Runs one action of a page: shows label as its status while it runs, then redraws; a failure goes to
 * state.problem (and its fields to state.errors) instead of being thrown.
 */
export async function act(state, draw, label, work) {
  state.busy = label;
  state.problem = "";
  draw();
  try {
    await work();
  } catch (err) {
    state.errors = err instanceof ApiError ? err.fields : {};
    state.problem = explain(err);
  }
  state.busy = "";
  draw();
}

/** The messages of a problem for one field, shown beside its control. */
export function fieldError(errors, field, id) {
  const messages = errors[field];
  return messages && messages.length ? html`<span class="error" id=${id}>${messages.join(" ")}</span>` : nothing;
}
