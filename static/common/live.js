// One live connection to a Talkback namespace. It keeps the page in step with
// the server: snapshots are the single source of truth, older messages are
// dropped by seq, and after any reconnect we ask for a fresh snapshot.

import { io } from "../vendor/socket.io-4.8.3/socket.io.esm.min.js";
import { t } from "./messages.js";

const ACK_TIMEOUT_MS = 10000;

/**
 * connectLive(namespace, auth, handlers) -> {socket, send, refresh, accept, hasConnected}
 * handlers: onSnapshot(snapshot), onResults(results), onPresence(count),
 *           onStatus(state, message) with state one of
 *           "connecting" | "connected" | "reconnecting" | "refused" | "closed",
 *           onConnect() after every (re)connect,
 *           events: {name: fn} for the namespace's other events (group, questions, alert…).
 */
export function connectLive(namespace, auth, handlers = {}) {
  const noop = () => {};
  const onSnapshot = handlers.onSnapshot || noop;
  const onResults = handlers.onResults || noop;
  const onPresence = handlers.onPresence || noop;
  const onStatus = handlers.onStatus || noop;
  const onConnect = handlers.onConnect || noop;

  let lastSeq = -1;
  let stepId = null;
  let everConnected = false;

  // WebSocket first: long-polling's handshake costs three round trips, seconds on a slow
  // phone network. Where a proxy refuses WebSocket, the client falls back to long-polling.
  const socket = io(namespace, { auth, transports: ["websocket", "polling"], tryAllTransports: true });
  onStatus("connecting", "");

  function acceptSnapshot(snapshot) {
    if (!snapshot || typeof snapshot.seq !== "number") return;
    // Equal seq is allowed: the personal snapshot (with "me") can share a seq with a broadcast one.
    if (snapshot.seq < lastSeq) return;
    lastSeq = snapshot.seq;
    stepId = snapshot.step ? snapshot.step.id : null;
    onSnapshot(snapshot);
  }

  socket.on("snapshot", acceptSnapshot);

  socket.on("results", (results) => {
    if (!results || typeof results.seq !== "number") return;
    // Results for a step we have left, or from before our snapshot, are out of date.
    if (results.seq < lastSeq) return;
    // Results from a newer state than ours: we missed a snapshot, so fetch one.
    if (results.seq > lastSeq) {
      refresh();
      return;
    }
    if (results.step_id !== stepId) return;
    onResults(results);
  });

  socket.on("presence", (data) => {
    if (data && typeof data.participant_count === "number") onPresence(data.participant_count);
  });

  for (const [name, fn] of Object.entries(handlers.events || {})) {
    socket.on(name, (data) => {
      if (data && typeof data === "object") fn(data);
    });
  }

  socket.on("connect", () => {
    onStatus("connected", "");
    // The server sends a snapshot on connect too; asking as well covers a lost one after a drop.
    if (everConnected) refresh();
    everConnected = true;
    onConnect();
  });

  socket.on("disconnect", (reason) => {
    if (reason === "io client disconnect") return;
    if (reason === "io server disconnect") {
      // The server closed us on purpose; socket.io will not retry by itself.
      onStatus("closed", t("The connection was closed by the server. Reload the page to try again."));
    } else {
      onStatus("reconnecting", "");
    }
  });

  socket.on("connect_error", (err) => {
    if (socket.active) {
      // A network problem: socket.io keeps retrying on its own.
      onStatus("reconnecting", "");
    } else {
      // The server refused us (not signed in, unknown session…): its message says why.
      const message = (err && err.message) || t("The server refused the connection.");
      onStatus("refused", message);
    }
  });

  /** Emit an event and resolve with its acknowledgement (never rejects). */
  function send(event, payload) {
    return new Promise((resolve) => {
      if (!socket.connected) {
        resolve({
          ok: false,
          error: { code: "offline", message: t("Not connected. Please wait for the connection to come back.") },
        });
        return;
      }
      const callback = (err, ack) => {
        if (err) {
          resolve({ ok: false, error: { code: "timeout", message: t("No reply from the server. Please try again.") } });
        } else if (!ack || typeof ack !== "object") {
          resolve({ ok: false, error: { code: "internal", message: t("The server sent an unexpected reply.") } });
        } else {
          if (!ack.ok && ack.error && ack.error.code === "stale") refresh();
          resolve(ack);
        }
      };
      const timed = socket.timeout(ACK_TIMEOUT_MS);
      if (payload === undefined) timed.emit(event, callback);
      else timed.emit(event, payload, callback);
    });
  }

  /** Ask the server for a fresh snapshot and show it. */
  async function refresh() {
    const ack = await send("snapshot");
    if (ack.ok && ack.snapshot) acceptSnapshot(ack.snapshot);
    return ack;
  }

  // accept(snapshot): one the page already holds (drawn into it by the server), kept in the
  // same seq order as the ones that arrive; hasConnected(): whether it was ever connected.
  return { socket, send, refresh, accept: acceptSnapshot, hasConnected: () => everConnected };
}
