// Open answers on the console: a moderation queue. Nothing reaches the room
// until approved; starred answers go first on the screen.

import { register } from "../registry.js";
import { h, fill } from "../../common/dom.js";

const ORDER = { pending: 0, approved: 1, hidden: 2 };
const STATUS_TEXT = { pending: "Waiting", approved: "Approved", hidden: "Hidden" };

function panel(el, { step, results, moderate }) {
  const answers = results && Array.isArray(results.answers) ? results.answers : [];
  if (!answers.length) {
    fill(el, h("p", { class: "muted", text: "No answers yet." }));
    return;
  }
  const count = (status) => answers.filter((a) => a.status === status).length;
  const sorted = answers
    .map((answer, i) => ({ answer, i }))
    .sort((a, b) => ORDER[a.answer.status] - ORDER[b.answer.status] || a.i - b.i)
    .map(({ answer }) => answer);
  fill(
    el,
    h("p", { text: `${answers.length} answers: ${count("pending")} waiting, ${count("approved")} approved, ${count("hidden")} hidden.` }),
    h("p", { class: "muted", text: "Only approved answers reach the room, without names, once you reveal results." }),
    h("ul", { class: "mod-list mod-list--answers" }, sorted.map((answer) => item(step, answer, moderate))),
  );
}

function item(step, answer, moderate) {
  const textId = `answer-${answer.id}`;
  const button = (label, action, { done = false, key = action } = {}) =>
    h("button", {
      type: "button",
      class: "button button--secondary button--small",
      text: label,
      attrs: {
        "data-focus-key": `${answer.id}:${key}`,
        "aria-describedby": textId,
        "aria-disabled": done ? "true" : null,
      },
      on: { click: () => done || moderate(step.id, answer.id, action) },
    });
  return h(
    "li",
    { class: `mod-item mod-item--${answer.status}` },
    h("p", { class: "mod-item__text", id: textId, text: answer.text }),
    h(
      "p",
      { class: "mod-item__tags" },
      h("span", { class: `tag tag--${answer.status}`, text: STATUS_TEXT[answer.status] || answer.status }),
      answer.starred ? h("span", { class: "tag tag--star", text: "★ Starred" }) : null,
    ),
    h(
      "div",
      { class: "mod-item__buttons" },
      button(answer.status === "approved" ? "Approved" : "Approve", "approve", { done: answer.status === "approved" }),
      button(answer.status === "hidden" ? "Hidden" : "Hide", "hide", { done: answer.status === "hidden" }),
      button(answer.starred ? "Unstar" : "Star", answer.starred ? "unstar" : "star", { key: "star" }),
    ),
  );
}

// Only the answers the physio approves reach the room, so no threshold applies.
function visibility(snap) {
  if (snap.mode === "self-paced") return "Each person sees the answers you approve once they have answered.";
  return snap.revealed
    ? "The room sees the answers you approve."
    : "Hidden from the room. Approve answers, then press Reveal results to show them.";
}

register("open", "console", { label: "Open question", panel, visibility });
