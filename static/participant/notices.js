// What the page says outside the step itself: the connection line, and
// announcements for screen readers.

import { h, fill } from "../common/dom.js";
import { t } from "../common/messages.js";

/** Returns showConnection(state, message); joinUrl is offered when the server refuses us. */
export function connectionNotice({ connection, problem }, joinUrl) {
  return function showConnection(state, message) {
    const text = { connecting: t("Connecting…"), connected: t("Connected"), reconnecting: t("Reconnecting…") }[state];
    if (connection) {
      connection.textContent = text || t("Not connected");
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
          h("p", { text: message || t("We could not connect you to the class.") }),
          state === "refused" ? h("p", {}, h("a", { href: joinUrl, text: t("Join the class again") })) : null,
        ),
      );
    }
  };
}
