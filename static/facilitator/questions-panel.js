// Anonymous questions on the console: every question with its votes and
// status. Approve shares it with the room; Hide keeps it from the room;
// Answered marks it done. The console never learns who asked.

import { h, fill, keepFocus } from "../common/dom.js";
import { t, plural } from "../common/messages.js";

const STATUS_TEXT = { pending: () => t("Waiting"), approved: () => t("Shared"), hidden: () => t("Hidden") };

export class QuestionsPanel {
  constructor(el, { command }) {
    this.el = el;
    this.command = command;
    this.count = h("span", { class: "questions-count" });
    this.list = h("div");
    fill(el, h("h2", { id: "questions-heading" }, t("Questions from the room"), " ", this.count), this.list);
  }

  update(questions) {
    const all = Array.isArray(questions) ? questions : [];
    const waiting = all.filter((q) => q.status === "pending").length;
    this.count.textContent = all.length ? t("({count} waiting)", { count: waiting }) : "";
    keepFocus(this.list, () => {
      if (!all.length) {
        fill(this.list, h("p", { class: "muted", text: t("No questions yet. People can ask from their phones at any time.") }));
        return;
      }
      fill(this.list, h("ul", { class: "mod-list" }, all.map((q) => this.item(q))));
    });
  }

  item(q) {
    const textId = `question-${q.id}`;
    const button = (label, action, done, key) =>
      h("button", {
        type: "button",
        class: "button button--secondary button--small",
        text: label,
        attrs: { "data-focus-key": `${q.id}:${key}`, "aria-describedby": textId, "aria-disabled": done ? "true" : null },
        on: { click: () => done || this.command("question", { question_id: q.id, action }) },
      });
    return h(
      "li",
      { class: `mod-item mod-item--${q.status}` },
      h("p", { class: "mod-item__text", id: textId, text: q.text }),
      h(
        "p",
        { class: "mod-item__tags" },
        h("span", { class: `tag tag--${q.status}`, text: STATUS_TEXT[q.status] ? STATUS_TEXT[q.status]() : q.status }),
        h("span", { class: "muted", text: plural("{count} vote", "{count} votes", Number(q.votes) || 0) }),
        q.answered ? h("span", { class: "tag tag--approved", text: t("Answered") }) : null,
      ),
      h(
        "div",
        { class: "mod-item__buttons" },
        button(q.status === "approved" ? t("Approved") : t("Approve"), "approve", q.status === "approved", "approve"),
        button(q.status === "hidden" ? t("Hidden") : t("Hide"), "hide", q.status === "hidden", "hide"),
        button(q.answered ? t("Not answered") : t("Answered"), q.answered ? "unanswered" : "answered", false, "answered"),
      ),
    );
  }
}
