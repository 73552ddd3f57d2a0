// Self-paced Back and Next: what happens on a press. An answer still waiting to
// send goes first, then the server is asked to move; pace.js draws the buttons.

import { t } from "../common/messages.js";

const wait = (ms) => new Promise((resolve) => window.setTimeout(resolve, ms));

export class Mover {
  /**
   * pace: the PaceNav; live: the connection; stepId(): the step on screen;
   * stopAutosave(): drop a pending typing pause; current(): the latest snapshot;
   * onMoved(snapshot): show the step the move landed on.
   */
  constructor({ pace, outbox, delivery, live, stepId, stopAutosave, selfPaced, current, onMoved }) {
    Object.assign(this, { pace, outbox, delivery, live, stepId, stopAutosave, selfPaced, current, onMoved });
    this.moving = false; // a Back or Next press is on its way
  }

  // An answer is taken only for the step the person is on, so one still waiting
  // to send goes first; moving on stops until it is stored (or refused).
  async deliverBeforeMoving() {
    const { outbox, delivery, live } = this;
    const stepId = this.stepId();
    if (!stepId) return true;
    this.stopAutosave();
    for (let tries = 0; tries < 20 && outbox.get(stepId); tries += 1) {
      if (!live.socket.connected) return false;
      await delivery.deliver(outbox.get(stepId)); // returns at once if a send is already under way
      if (outbox.get(stepId)) await wait(250);
    }
    return !outbox.get(stepId);
  }

  async move(direction) {
    const { pace, live } = this;
    if (this.moving || !this.selfPaced()) return;
    this.moving = true;
    pace.setBusy(true);
    pace.say("");
    let ack;
    if (await this.deliverBeforeMoving()) ack = await live.send(direction);
    else ack = { ok: false, error: { code: "unsaved" } };
    this.moving = false;
    pace.setBusy(false);
    if (ack.ok && ack.snapshot) {
      // The acknowledgement carries the new step; moving does not change seq, so only a
      // newer change (the session closing) is left for the snapshot that follows.
      const snap = this.current();
      if (snap && ack.snapshot.seq < snap.seq) live.refresh();
      else this.onMoved(ack.snapshot);
      return;
    }
    const code = ack.error && ack.error.code;
    if (code === "rate_limited") {
      // Tapping on through many steps at once: a short pause, so the server never cuts us off.
      pace.say(t("That was quick! Please wait a moment, then carry on."));
      pace.setBusy(true);
      window.setTimeout(() => {
        pace.setBusy(false);
        pace.say("");
      }, 3000);
    } else if (code === "unsaved" && live.socket.connected) {
      pace.say(t("Your answer here is not saved yet. Please wait a moment, then try again."));
    } else if (code === "unsaved" || code === "offline" || code === "timeout") {
      pace.say(t("You are not connected just now. Check your signal, then try again."));
      if (code === "timeout") live.refresh(); // the move may have happened; find out where we are
    } else {
      // At either end, or closed: the server's view of where this person is wins.
      if (ack.error && ack.error.message) pace.say(ack.error.message);
      live.refresh();
    }
  }
}
