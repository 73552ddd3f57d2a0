// What the editor tells you about saving: the status in the header (a polite live region:
// "Saving…", "Saved", or why not), which version new sessions use, and short announcements of
// what a button did (moved, added, deleted).

const TEXTS = {
  loading: "Loading…",
  pending: "Not saved yet",
  saving: "Saving…",
  saved: "Saved",
  readonly: "Read-only",
};

export class StatusView {
  constructor({ status, version, announce }) {
    Object.assign(this, { statusEl: status, versionEl: version, announceEl: announce });
  }

  set(name, detail = "") {
    let text = TEXTS[name];
    const kept = /kept in this browser/.test(detail) ? "" : " Your changes are kept in this browser.";
    if (name === "retrying") text = `Not saved — retrying. ${detail}${kept}`.trim();
    if (name === "conflict") text = `Not saved: ${detail} Reload the page to see the latest.${kept}`;
    if (name === "stopped" || name === "error") text = `Not saved: ${detail}`;
    // Rewriting the same words would make some screen readers read them again.
    if (this.statusEl.textContent !== text) this.statusEl.textContent = text;
    this.statusEl.dataset.state = name;
  }

  version(number, problemCount) {
    if (!this.versionEl || number == null) return;
    this.versionEl.textContent = problemCount
      ? `New sessions use version ${number}, the last one without problems.`
      : `New sessions use version ${number}, the latest.`;
  }

  announce(text) {
    this.announceEl.textContent = "";
    window.setTimeout(() => {
      this.announceEl.textContent = text;
    }, 50);
  }
}
