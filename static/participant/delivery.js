// Sends what waits in the outbox: answers and anonymous questions. One send at
// a time per outbox key, in order, so an older save never lands after a newer
// one. Acknowledged (stored) or refused for good, an entry leaves the outbox;
// "try again later" errors keep it there and retry in a few seconds.

import { keyOf } from "./outbox.js";

// Errors that mean "try again later"; any other refusal is final for that entry.
const RETRY_CODES = new Set(["offline", "timeout", "rate_limited", "internal", "stale"]);

export class Delivery {
  /**
   * send(event, payload) -> Promise<ack>; connected() -> bool.
   * onAnswer / onAsk(entry, ack, {superseded, retry}) say how it went.
   */
  constructor(outbox, { send, connected, onAnswer, onAsk }) {
    this.outbox = outbox;
    this.send = send;
    this.connected = connected;
    this.onAnswer = onAnswer;
    this.onAsk = onAsk;
    this.inFlight = new Set();
    this.retryTimer = null;
  }

  async deliver(entry) {
    const key = keyOf(entry);
    if (this.inFlight.has(key) || !this.connected()) return;
    this.inFlight.add(key);
    const ack =
      entry.event === "ask"
        ? await this.send("ask", { id: entry.id, text: entry.text })
        : await this.send("answer", answerPayload(entry));
    this.inFlight.delete(key);
    const latest = this.outbox.get(key);
    const superseded = Boolean(latest && latest.id !== entry.id);
    const code = ack.ok ? null : (ack.error || {}).code;
    const retry = !ack.ok && RETRY_CODES.has(code);
    if (retry) this.retrySoon(code === "rate_limited" ? 5000 : 3000);
    else this.outbox.remove(key, entry.id);
    (entry.event === "ask" ? this.onAsk : this.onAnswer)(entry, ack, { superseded, retry });
    // A newer answer to the same step waited for this one: send it now, in order.
    if (!retry && superseded) this.deliver(latest);
  }

  flush() {
    for (const entry of this.outbox.all()) this.deliver(entry);
  }

  retrySoon(delay) {
    if (this.retryTimer) return;
    this.retryTimer = window.setTimeout(() => {
      this.retryTimer = null;
      this.flush();
    }, delay);
  }
}

// A vote (peer instruction) says which vote it was made for, so a first vote still waiting in
// the outbox when the second opens is refused rather than counted as the second.
function answerPayload(entry) {
  const payload = { step_id: entry.step_id, value: entry.value, id: entry.id };
  if (entry.round) payload.round = entry.round;
  return payload;
}
