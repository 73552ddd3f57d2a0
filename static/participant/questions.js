// Anonymous questions on the phone: a button that opens a short form, and the
// questions the physio has shared, each with an Up-vote button. Nobody sees
// who asked. The send itself goes through the page's outbox (see play.js).

import { h, fill, keepFocus } from "../common/dom.js";
import { textBox } from "./form-parts.js";
import { AskLater } from "./ask-later.js";
import { t, plural } from "../common/messages.js";

const MAX_QUESTION = 280;

export class QuestionsPanel {
  /**
   * el: the (empty) section to fill.
   * ask(text): queue a question to send; upvote(questionId) -> Promise<ack>;
   * askLater({id, text}) -> Promise<ack>: a private question, answered in the notebook.
   */
  constructor(el, { ask, upvote, askLater }) {
    this.el = el;
    this.ask = ask;
    this.upvote = upvote;
    this.questions = [];
    this.mine = new Set();
    this.votes = new Set();

    this.toggle = h("button", {
      type: "button",
      class: "button button--secondary button--wide",
      text: t("Ask the physio a question"),
      attrs: { "aria-expanded": "false", "aria-controls": "ask-form" },
      on: { click: () => this.open(this.form.hidden) },
    });
    this.box = textBox({
      label: t("Your question"),
      hint: t("The physio sees it without your name. They choose which questions to share with the group, on the room's screen, still without your name."),
      maxLength: MAX_QUESTION,
      multiline: true,
      rows: 3,
    });
    this.form = h(
      "form",
      { id: "ask-form", class: "ask-form", hidden: true, noValidate: true },
      this.box.wrap,
      h(
        "div",
        { class: "ask-form__buttons" },
        h("button", { type: "submit", class: "button", text: t("Send question") }),
        h("button", { type: "button", class: "button button--secondary", text: t("Cancel"), on: { click: () => this.open(false) } }),
      ),
    );
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
    this.status = h("p", { class: "ask-status", attrs: { role: "status" } });
    this.list = h("div", { class: "question-list" });
    this.list.addEventListener("click", (event) => this.onListClick(event));
    this.later = new AskLater({ send: askLater });
    fill(
      el,
      h("h2", { id: "questions-heading", text: t("Questions for the physio") }),
      this.toggle,
      this.form,
      this.status,
      this.later.el,
      this.list,
    );
    el.setAttribute("aria-labelledby", "questions-heading");
  }

  /** From a personal snapshot: the questions this person asked and voted for. */
  setMe(me) {
    if (!me) return;
    for (const q of me.questions || []) this.mine.add(q.id);
    for (const id of me.votes || []) this.votes.add(id);
    this.later.setMine(me.later_questions);
    this.render();
  }

  setQuestions(questions) {
    this.questions = Array.isArray(questions) ? questions : [];
    this.render();
  }

  addMine(questionId) {
    this.mine.add(questionId);
    this.render();
  }

  open(show) {
    this.form.hidden = !show;
    this.toggle.setAttribute("aria-expanded", String(show));
    if (show) this.box.input.focus();
    else this.toggle.focus();
  }

  send() {
    const text = this.box.input.value.trim();
    if (!text) {
      this.status.textContent = t("Please write your question first.");
      this.box.input.focus();
      return;
    }
    this.ask(text);
    this.box.input.value = "";
    this.box.input.dispatchEvent(new Event("input"));
    this.open(false);
    this.status.textContent = t("Thank you. Your question is on its way to the physio.");
  }

  async onListClick(event) {
    const button = event.target.closest("button[data-question]");
    if (!button || button.getAttribute("aria-disabled") === "true") return;
    const id = button.dataset.question;
    const ack = await this.upvote(id);
    const code = ack.error && ack.error.code;
    if (ack.ok || code === "already_voted") {
      this.votes.add(id);
      this.status.textContent = t("Your vote is counted.");
    } else if (code === "own_question") {
      this.mine.add(id);
      this.status.textContent = t("You can't vote for your own question.");
    } else {
      this.status.textContent = (ack.error && ack.error.message) || t("Your vote was not counted. Please try again.");
    }
    this.render();
  }

  render() {
    keepFocus(this.list, () => {
      if (!this.questions.length) {
        fill(this.list, h("p", { class: "muted", text: t("No questions shared yet.") }));
        return;
      }
      fill(
        this.list,
        h("h3", { text: t("Questions the physio has shared") }),
        h("ul", { class: "questions-list" }, this.questions.map((q) => this.item(q))),
      );
    });
  }

  item(q) {
    const own = this.mine.has(q.id);
    const voted = this.votes.has(q.id);
    const off = own || voted;
    return h(
      "li",
      { class: "question" },
      h("p", { class: "question__text", text: q.text }),
      h(
        "p",
        { class: "question__meta" },
        h("span", { text: plural("{count} vote", "{count} votes", Number(q.votes) || 0) }),
        q.answered ? h("span", { class: "badge badge--answered", text: t("Answered") }) : null,
        own ? h("span", { class: "badge", text: t("Your question") }) : null,
      ),
      h(
        "button",
        {
          type: "button",
          class: "button button--secondary vote",
          text: voted ? t("Voted") : t("Up-vote"),
          attrs: {
            "data-question": q.id,
            "data-focus-key": `vote-${q.id}`,
            "aria-disabled": off ? "true" : null,
            // The visible word first, then which question: many buttons share the word.
            "aria-label": `${voted ? t("Voted") : t("Up-vote")}: ${q.text}`,
          },
        },
      ),
    );
  }
}
