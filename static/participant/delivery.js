// Sends what waits in the outbox: answers and anonymous questions. One send at
// a time per outbox key, in order, so an older save never lands after a newer
// one. Acknowledged (stored) or refused for good, an entry leaves the outbox;
// "try again later" errors keep it there and retry in a few seconds. Until the
// live connection is first up (a WebSocket handshake, seconds on a slow phone
// network), answers go over HTTP: the same write and the same client id, so
// one sent both ways is stored once. After a drop they wait for the connection.

import { keyOf } from "./outbox.js";
import { t } from "../common/messages.js";

// Errors that mean "try again later"; any other refusal is final for that entry. A busy or
// unreachable database (a lock, a restart) has stored nothing and will pass: keep the answer.
const RETRY_CODES = new Set([
  "offline", "timeout", "rate_limited", "internal", "stale", "busy", "unavailable",
]);

export class Delivery {
  /**
   * send(event, payload) -> Promise<ack>; connected() -> bool.
   * onAnswer / onAsk(entry, ack, {superseded, retry}) say how it went.
   */
  /**
   * early() -> bool: whether the live connection has yet to come up the first time;
   * post(payload) -> Promise<ack> sends an answer over HTTP meanwhile.
   */
  constructor(outbox, { send, connected, early = () => false, post = null, onAnswer, onAsk }) {
    this.outbox = outbox;
    this.send = send;
    this.connected = connected;
    this.early = early;
    this.post = post;
    this.onAnswer = onAnswer;
    this.onAsk = onAsk;
    this.inFlight = new Set();
    this.retryTimer = null;
  }

  /** Whether an answer sent now goes out at once (rather than waiting for the connection). */
  canSend() {
    return this.connected() || this.overHttp();
  }

  overHttp() {
    return Boolean(this.post) && !this.connected() && this.early();
  }

  async deliver(entry) {
    const key = keyOf(entry);
    const overHttp = entry.event !== "ask" && this.overHttp();
    if (this.inFlight.has(key) || !(this.connected() || overHttp)) return;
    this.inFlight.add(key);
    let ack;
    if (entry.event === "ask") ack = await this.send("ask", { id: entry.id, text: entry.text });
    else if (overHttp) ack = await this.post(answerPayload(entry));
    else ack = await this.send("answer", answerPayload(entry));
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

const HTTP_TIMEOUT_MS = 10000;

/**
 * postAnswer(url, csrf, sessionId) -> post(payload): an answer over HTTP, resolved with an
 * acknowledgement shaped as the live connection's (never rejects).
 */
export function postAnswer(url, csrf, sessionId) {
  return async (payload) => {
    const abort = new AbortController();
    const timer = window.setTimeout(() => abort.abort(), HTTP_TIMEOUT_MS);
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ ...payload, session_id: sessionId }),
        signal: abort.signal,
      });
      const body = await response.json().catch(() => null);
      if (response.ok && body && body.ok) return body;
      const error = body && body.error ? body.error : { code: "internal", message: t("The server sent an unexpected reply.") };
      return { ok: false, error };
    } catch (err) {
      const timedOut = err && err.name === "AbortError";
      const code = timedOut ? "timeout" : "offline";
      return { ok: false, error: { code, message: t("Not sent yet. We will keep trying.") } };
    } finally {
      window.clearTimeout(timer);
    }
  };
}
