// What the page says outside the step itself: the connection line, and
// announcements for screen readers.

import { h, fill } from "../common/dom.js";

/** Returns showConnection(state, message); joinUrl is offered when the server refuses us. */
export function connectionNotice({ connection, problem }, joinUrl) {
  return function showConnection(state, message) {
    const text = { connecting: "Connecting…", connected: "Connected", reconnecting: "Reconnecting…" }[state];
    if (connection) {
      connection.textContent = text || "Not connected";
      connection.dataset.state = state;
    }
    if (state === "connected") {
      problem.replaceChildren();
    } else if (state === "refused" || state === "closed") {
      fill(
        problem,
        h(
          "div",
          { class: "notice notice--error" },
          h("p", { text: message || "We could not connect you to the class." }),
          state === "refused" ? h("p", {}, h("a", { href: joinUrl, text: "Join the class again" })) : null,
        ),
      );
    }
  };
}

/** Returns announce(text), which speaks through the live region `el`. */
export function announcer(el) {
  // Messages that arrive together are read together, not one over the other.
  let toAnnounce = [];
  return function announce(text) {
    toAnnounce.push(text);
    if (toAnnounce.length > 1) return;
    // Clear first so the same words are read again if they repeat.
    el.textContent = "";
    window.setTimeout(() => {
      el.textContent = toAnnounce.join(" ");
      toAnnounce = [];
    }, 50);
  };
}
