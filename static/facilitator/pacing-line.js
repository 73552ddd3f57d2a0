// The pacing co-pilot: one quiet line on the console that keeps the class to the deck's
// planned minutes ("12 minutes in, 4 behind plan — ..."). The server works it out from when
// the room reached each step; it is never in a snapshot, so the screen and phones never see
// it. Asked again when the room moves and every half minute, so the minutes stay current.

const EVERY_MS = 30_000;

export class PacingLine {
  constructor(el, { sessionId }) {
    this.el = el;
    this.url = `/console/${encodeURIComponent(sessionId)}/pacing`;
    this.seq = null;
    this.timer = null;
  }

  start() {
    this.refresh();
    this.timer = setInterval(() => this.refresh(), EVERY_MS);
  }

  /** A move of the room changes the plan's reading at once; an ended session has none. */
  update(snapshot) {
    if (this.timer === null) return; // not started: a console without the line
    if (snapshot.stage === "ended") {
      clearInterval(this.timer);
      this.el.hidden = true;
      return;
    }
    if (snapshot.seq === this.seq) return;
    this.seq = snapshot.seq;
    this.refresh();
  }

  async refresh() {
    let data;
    try {
      const response = await fetch(this.url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      data = await response.json();
    } catch {
      return; // offline or signed out: the connection line says so; keep the last reading
    }
    if (typeof data.line !== "string") return;
    // Changed text only, so a screen reader hears each new minute once, not every poll.
    if (this.el.textContent !== data.line) this.el.textContent = data.line;
    this.el.hidden = false;
  }
}
