// "Ask later": a question for the physio alone, not for the room's queue. The
// physio sees it with this person's name and writes a reply into their
// notebook, during or after the class. The same id is sent again until the
// server has it, so a retry never asks twice.

import { h, fill } from "../common/dom.js";
import { textBox } from "./form-parts.js";
import { newAnswerId } from "./outbox.js";
import { t } from "../common/messages.js";

const MAX_LATER = 500;
export const LATER_PRIVACY = t(
  "Only the physio running this class sees this question, with the name you joined with. It is not shown on the room's screen or to anyone else here. The physio writes the answer into your notebook: keep your notebook to read it after the class.",
);

export class AskLater {
  /** send({id, text}) -> Promise<ack>. */
  constructor({ send }) {
    this.send = send;
    this.pendingId = null;
    this.toggle = h("button", {
      type: "button",
      class: "button button--secondary button--wide",
      text: t("Ask the physio privately, for later"),
      attrs: { "aria-expanded": "false", "aria-controls": "ask-later-form" },
      on: { click: () => this.open(this.form.hidden) },
    });
    this.box = textBox({ label: t("Your private question"), hint: LATER_PRIVACY, maxLength: MAX_LATER, multiline: true, rows: 3 });
    this.form = h(
      "form",
      { id: "ask-later-form", class: "ask-form", hidden: true, noValidate: true },
      this.box.wrap,
      h(
        "div",
        { class: "ask-form__buttons" },
        h("button", { type: "submit", class: "button", text: t("Send privately") }),
        h("button", { type: "button", class: "button button--secondary", text: t("Cancel"), on: { click: () => this.open(false) } }),
      ),
    );
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    this.status = h("p", { class: "ask-status", attrs: { role: "status" } });
    this.list = h("div", { class: "later-list" });
    this.el = h("div", { class: "ask-later" }, this.toggle, this.form, this.status, this.list);
  }

  open(show) {
    this.form.hidden = !show;
    this.toggle.setAttribute("aria-expanded", String(show));
    if (show) this.box.input.focus();
    else this.toggle.focus();
  }

  async submit() {
    const text = this.box.input.value.trim();
    if (!text) {
      this.status.textContent = t("Please write your question first.");
      this.box.input.focus();
      return;
    }
    this.pendingId = this.pendingId || newAnswerId();
    const ack = await this.send({ id: this.pendingId, text });
    if (!ack.ok) {
      this.status.textContent = t("Not sent yet.") + " " + ((ack.error && ack.error.message) || t("Please try again."));
      return;
    }
    this.pendingId = null;
    this.box.input.value = "";
    this.box.input.dispatchEvent(new Event("input"));
    this.open(false);
    this.status.textContent = t("Sent privately to the physio. Their answer will be in your notebook.");
  }

  /** This person's own private questions, with any reply, from their personal snapshot. */
  setMine(questions) {
    const mine = Array.isArray(questions) ? questions : [];
    if (!mine.length) return fill(this.list);
    fill(
      this.list,
      h("h3", { text: t("Your private questions") }),
      h(
        "ul",
        { class: "questions-list" },
        mine.map((q) =>
          h(
            "li",
            { class: "question" },
            h("p", { class: "question__text", text: q.text }),
            h("p", { class: "question__meta", text: q.reply ? t("The physio's answer: {reply}", { reply: q.reply }) : t("Not answered yet. The answer will be in your notebook.") }),
          ),
        ),
      ),
    );
  }
}
