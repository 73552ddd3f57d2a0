// What the page says outside a step's own answer form: the connection line; the
// waiting and ended pages; a step's heading, body and picture; and what a screen
// reader hears when the stage changes.

import { h, fill, setStepBody, stepImage } from "../common/dom.js";
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

export const SELF_PACED = "self-paced";

export function stepCountText(snapshot) {
  return t("Step {number} of {count}", { number: snapshot.step.index + 1, count: snapshot.step_count });
}

export function endedTitle(snapshot) {
  return snapshot.mode === SELF_PACED ? t("This session has closed. Thank you.") : t("The class has ended. Thank you.");
}

/** The whole page for a stage without a step (ended, or waiting to start); null on a step. */
export function stageParts(snapshot) {
  if (snapshot.stage === "ended") {
    return [
      h("h1", { id: "step-heading", tabIndex: -1, text: endedTitle(snapshot) }),
      h("p", { id: "my-score", class: "my-score", hidden: true }),
      h("p", { text: t("Before you go, you can keep what you made in a private notebook. Then you can close this page.") }),
    ];
  }
  if (snapshot.stage !== "step" || !snapshot.step) {
    return [
      h("h1", { text: t("You're in. The class will start soon.") }),
      h("p", { class: "waiting", text: t("Keep this page open. It will change when the physio starts.") }),
    ];
  }
  return null;
}

/** A step's heading, key-message mark, body and picture: what comes before its form. */
export function stepHead(snapshot, step) {
  const parts = [];
  if (snapshot.mode === SELF_PACED) parts.push(h("p", { class: "step-count", text: stepCountText(snapshot) }));
  parts.push(h("h1", { id: "step-heading", tabIndex: -1, text: step.title }));
  // takeaway is a flag marking a key message (kept in the notebook), not text to show.
  if (step.takeaway === true) parts.push(h("p", { class: "key-message", text: t("Key message") }));
  if (step.body_html) {
    const body = h("div", { class: "prose step-body" });
    setStepBody(body, step.body_html);
    parts.push(body);
  }
  if (step.image && step.image.url) parts.push(stepImage(step.image, "step-image", "(min-width: 40rem) 38rem, calc(100vw - 2rem)"));
  return parts;
}

// After Back or Next the person lands on the new step's heading, so a screen
// reader starts reading the new content; the live region adds where they are.
export function landOnStep(announce, snapshot) {
  const heading = document.getElementById("step-heading");
  if (heading) heading.focus();
  if (snapshot.stage === "step" && snapshot.step) announce(`${stepCountText(snapshot)}.`);
  else announceStage(announce, snapshot);
}

export function announceStage(announce, snapshot) {
  if (snapshot.stage === "ended") announce(endedTitle(snapshot) + " " + t("You can keep your notebook."));
  else if (snapshot.stage === "lobby") announce(t("Waiting for the class to start."));
  else if (snapshot.step && snapshot.round === 2) announce(t("Vote again: {title}", { title: snapshot.step.title }));
  else if (snapshot.step && snapshot.mode === SELF_PACED) announce(`${stepCountText(snapshot)}: ${snapshot.step.title}`);
  else if (snapshot.step && snapshot.step.is_activity) announce(t("New activity: {title}", { title: snapshot.step.title }));
  else if (snapshot.step) announce(t("Now showing: {title}", { title: snapshot.step.title }));
}
