// What the editor tells you about saving: the status in the header (a polite live region:
// "Saving…", "Saved", or why not), which version new sessions use, and short announcements of
// what a button did (moved, added, deleted).

import { t } from "../common/messages.js";

const TEXTS = {
  loading: () => t("Loading…"),
  pending: () => t("Not saved yet"),
  saving: () => t("Saving…"),
  saved: () => t("Saved"),
  readonly: () => t("Read-only"),
};
// The server's own messages say so in English; the page's words may be another language.
const SAYS_KEPT = /kept in this browser/;

export class StatusView {
  constructor({ status, version, announce }) {
    Object.assign(this, { statusEl: status, versionEl: version, announceEl: announce });
  }

  set(name, detail = "") {
    let text = TEXTS[name] ? TEXTS[name]() : undefined;
    const keptText = t("Your changes are kept in this browser.");
    // A save's detail is the server's reply, not words: only words can say it already.
    const said = typeof detail === "string" ? detail : "";
    const kept = SAYS_KEPT.test(said) || said.includes(keptText) ? "" : ` ${keptText}`;
    // Each message outside a template literal, so that extraction finds it.
    if (name === "retrying") text = (t("Not saved — retrying. {detail}", { detail }) + kept).trim();
    if (name === "conflict") text = t("Not saved: {detail} Reload the page to see the latest.", { detail }) + kept;
    if (name === "stopped" || name === "error") text = t("Not saved: {detail}", { detail });
    // Rewriting the same words would make some screen readers read them again.
    if (this.statusEl.textContent !== text) this.statusEl.textContent = text;
    this.statusEl.dataset.state = name;
  }

  version(number, problemCount) {
    if (!this.versionEl || number == null) return;
    this.versionEl.textContent = problemCount
      ? t("New sessions use version {number}, the last one without problems.", { number })
      : t("New sessions use version {number}, the latest.", { number });
  }

  announce(text) {
    this.announceEl.textContent = "";
    window.setTimeout(() => {
      this.announceEl.textContent = text;
    }, 50);
  }
}
