// Autosave: every change is kept in this browser at once, and sent to the server once typing
// pauses. One save at a time; a failed save is retried with growing pauses, and at once when
// the browser comes back online. What the page shows is "Saving…", "Saved" or why not.

import { request, messageOf } from "./api.js";
import { keepLocal, forgetLocal } from "./draft-store.js";

const RETRY_MS = [2000, 4000, 8000, 15000, 30000];

export class Autosaver {
  /**
   * deckId, url: where to PUT; rev: the server's draft revision the page started from;
   * getDraft(): the whole draft; onStatus(state, detail): what to show;
   * onSaved(reply): the server's answer ({rev, version, problems}).
   */
  constructor({ deckId, url, rev, getDraft, onStatus, onSaved, delay = 1000 }) {
    Object.assign(this, { deckId, url, rev, getDraft, onStatus, onSaved, delay });
    this.dirty = false;
    this.changes = 0;
    this.inFlight = false;
    this.stopped = false;
    this.failures = 0;
    this.timer = null;
    window.addEventListener("online", () => this.dirty && this.saveSoon(0));
    window.addEventListener("beforeunload", (event) => {
      if (this.dirty && !this.stopped) event.preventDefault();
    });
    window.addEventListener("pagehide", () => this.sendBeforeLeaving());
  }

  /** Something changed: keep it here now, send it soon. */
  changed() {
    if (this.stopped) return;
    this.dirty = true;
    this.changes += 1;
    keepLocal(this.deckId, this.getDraft(), this.rev);
    if (!this.inFlight && this.failures === 0) this.onStatus("pending");
    this.saveSoon(this.failures ? this.timerDelay : this.delay);
  }

  saveSoon(ms) {
    window.clearTimeout(this.timer);
    this.timerDelay = ms;
    this.timer = window.setTimeout(() => this.save(), ms);
  }

  async save() {
    if (this.stopped || !this.dirty) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    const sent = this.changes;
    this.inFlight = true;
    this.onStatus("saving");
    const result = await request("PUT", this.url, { draft: this.getDraft(), rev: this.rev });
    this.inFlight = false;
    if (result.ok) {
      this.rev = result.data.rev;
      this.failures = 0;
      if (this.changes === sent) {
        this.dirty = false;
        forgetLocal(this.deckId);
        this.onStatus("saved", result.data);
      } else {
        keepLocal(this.deckId, this.getDraft(), this.rev);
        this.saveSoon(this.delay);
      }
      this.onSaved(result.data);
    } else if (result.status === 409) {
      this.stopped = true;
      this.onStatus("conflict", messageOf(result));
    } else if (result.status === 403 || (result.status === 400 && result.data && result.data.error && result.data.error.code === "csrf")) {
      this.stopped = true;
      this.onStatus("stopped", messageOf(result));
    } else {
      // Offline, signed out, the database busy: keep trying; nothing is lost meanwhile.
      const wait = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)];
      this.failures += 1;
      this.onStatus("retrying", messageOf(result));
      this.saveSoon(wait);
    }
    if (this.again) {
      this.again = false;
      if (this.dirty && !this.stopped) this.saveSoon(this.delay);
    }
  }

  /** Leaving the page: a small draft still goes (keepalive); any draft stays in this browser. */
  sendBeforeLeaving() {
    if (!this.dirty || this.stopped || this.inFlight) return;
    const body = JSON.stringify({ draft: this.getDraft(), rev: this.rev });
    if (body.length > 60000) return;
    const token = document.querySelector('meta[name="csrf-token"]').content;
    try {
      fetch(this.url, {
        method: "PUT",
        body,
        keepalive: true,
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
      });
    } catch (error) {
      /* the copy in this browser is restored next time */
    }
  }
}
