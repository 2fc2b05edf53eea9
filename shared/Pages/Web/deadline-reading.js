// What a deadline as typed is read as ("due Wed 28 Feb 2018, end of day Geneva"), asked of the server
// while the person types: the same parser that will store it, so the page never guesses.
import { html, api } from "./page-frame.js";

export class DeadlineReadings {
  /** redraw: called when a reading arrives. */
  constructor(redraw) {
    this.redraw = redraw;
    this.known = new Map();
    this.timer = 0;
    this.wanted = new Map();
  }

  /** The reading of text (empty: no deadline) as a live line with the given id; asks for it if unknown. */
  show(text, id) {
    const key = (text || "").trim() || "none";
    const reading = this.known.get(key);
    if (reading === undefined) this.ask(id, key);
    const [css, line] = reading === undefined ? ["reading muted", "reading…"] : reading.ok ? ["reading", reading.reads] : ["reading error", reading.message];
    return html`<span class=${css} id=${id} aria-live="polite">${line}</span>`;
  }

  ask(id, key) {
    // Wait for a pause in typing; then ask for each field's latest text only.
    this.wanted.set(id, key);
    clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      const keys = [...new Set(this.wanted.values())];
      this.wanted.clear();
      await Promise.all(keys.map((k) => this.read(k)));
      this.redraw();
    }, 250);
  }

  async read(key) {
    try {
      const answer = await api("deadlines/reading?text=" + encodeURIComponent(key));
      this.known.set(key, { ok: true, reads: answer.reads });
    } catch (err) {
      const messages = err.fields && err.fields.text;
      this.known.set(key, { ok: false, message: (messages && messages.join(" ")) || err.message });
    }
  }
}
