// Open answers on the console: a moderation queue. Nothing reaches the room
// until approved; starred answers go first on the screen.

import { register } from "../registry.js";
import { h, fill } from "../../common/dom.js";
import { t, plural } from "../../common/messages.js";

const ORDER = { pending: 0, approved: 1, hidden: 2 };
const STATUS_TEXT = { pending: () => t("Waiting"), approved: () => t("Approved"), hidden: () => t("Hidden") };

function panel(el, { step, results, moderate }) {
  const answers = results && Array.isArray(results.answers) ? results.answers : [];
  if (!answers.length) {
    fill(el, h("p", { class: "muted", text: t("No answers yet.") }));
    return;
  }
  const count = (status) => answers.filter((a) => a.status === status).length;
  const sorted = answers
    .map((answer, i) => ({ answer, i }))
    .sort((a, b) => ORDER[a.answer.status] - ORDER[b.answer.status] || a.i - b.i)
    .map(({ answer }) => answer);
  fill(
    el,
    h("p", {
      text: plural("{count} answer: {waiting} waiting, {approved} approved, {hidden} hidden.", "{count} answers: {waiting} waiting, {approved} approved, {hidden} hidden.", answers.length, {
        waiting: count("pending"),
        approved: count("approved"),
        hidden: count("hidden"),
      }),
    }),
    h("p", { class: "muted", text: t("Only approved answers reach the room, without names, once you reveal results.") }),
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
      h("span", { class: `tag tag--${answer.status}`, text: STATUS_TEXT[answer.status] ? STATUS_TEXT[answer.status]() : answer.status }),
      answer.starred ? h("span", { class: "tag tag--star", text: "★ " + t("Starred") }) : null,
    ),
    h(
      "div",
      { class: "mod-item__buttons" },
      button(answer.status === "approved" ? t("Approved") : t("Approve"), "approve", { done: answer.status === "approved" }),
      button(answer.status === "hidden" ? t("Hidden") : t("Hide"), "hide", { done: answer.status === "hidden" }),
      button(answer.starred ? t("Unstar") : t("Star"), answer.starred ? "unstar" : "star", { key: "star" }),
    ),
  );
}

// Only the answers the physio approves reach the room, so no threshold applies.
function visibility(snap) {
  if (snap.mode === "self-paced") return t("Each person sees the answers you approve once they have answered.");
  return snap.revealed
    ? t("The room sees the answers you approve.")
    : t("Hidden from the room. Approve answers, then press Reveal results to show them.");
}

register("open", "console", { label: t("Open question"), panel, visibility });
