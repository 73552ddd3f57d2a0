// Self-paced results on the console: the answers to one chosen question. They
// are fetched on request, never pushed, so a change elsewhere fetches them again.

import { t } from "../common/messages.js";

// At most one refresh a second, however busy the session.
const THROTTLE_MS = 1000;

export class ChosenResults {
  /**
   * send(event, payload): ask the server; draw(): redraw the results card;
   * mark(stepId): show the choice in the list.
   */
  constructor({ send, showError, announce, draw, mark }) {
    Object.assign(this, { send, showError, announce, draw, mark });
    this.id = null; // the chosen step
    this.shown = null; // {step, results} once fetched
    this.announceNext = false;
    this.fetching = false;
    this.again = false;
    this.timer = null;
  }

  choose(stepId) {
    this.id = stepId;
    this.shown = null;
    this.announceNext = true;
    this.mark(stepId);
    this.draw();
    this.fetch();
  }

  /** Fetch again soon: people's answers have moved on. */
  refreshSoon() {
    if (!this.id || this.timer) return;
    this.timer = window.setTimeout(() => {
      this.timer = null;
      this.fetch();
    }, THROTTLE_MS);
  }

  // One request at a time; a choice or refresh that comes meanwhile is fetched right after.
  async fetch() {
    if (!this.id) return;
    if (this.fetching) {
      this.again = true;
      return;
    }
    this.fetching = true;
    try {
      do {
        this.again = false;
        const stepId = this.id;
        const ack = await this.send("step_results", { step_id: stepId });
        if (stepId !== this.id) {
          this.again = true;
        } else if (!ack.ok) {
          this.showError(ack.error);
        } else {
          // Tagged as pushed results are, so the results card knows they are this step's.
          this.shown = { step: ack.step, results: { ...ack.results, step_id: ack.step.id, kind: ack.step.kind } };
          this.draw();
          if (this.announceNext) this.announce(t("Showing the answers to step {number}: {title}", { number: ack.step.index + 1, title: ack.step.title }));
          this.announceNext = false;
        }
      } while (this.again);
    } finally {
      this.fetching = false;
    }
  }
}
