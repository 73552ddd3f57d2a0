// Approved anonymous questions on a strip beside the step, most votes first.

import { h, fill, plural } from "../common/dom.js";

const MOST = 5;

export function renderQuestionsStrip(el, questions, show) {
  const list = Array.isArray(questions) ? questions : [];
  el.hidden = !show || !list.length;
  if (el.hidden) {
    el.replaceChildren();
    return;
  }
  fill(
    el,
    h("h2", { id: "strip-heading", class: "questions-strip__heading", text: "Your questions" }),
    h(
      "ul",
      { class: "questions-strip__list" },
      list.slice(0, MOST).map((q) =>
        h(
          "li",
          { class: `strip-question${q.answered ? " strip-question--answered" : ""}` },
          h("span", { class: "strip-question__text", text: q.text }),
          h(
            "span",
            { class: "strip-question__meta" },
            plural(Number(q.votes) || 0, "vote"),
            q.answered ? h("span", { class: "strip-question__answered", text: " · Answered" }) : null,
          ),
        ),
      ),
    ),
    list.length > MOST ? h("p", { class: "questions-strip__more", text: `and ${list.length - MOST} more` }) : null,
  );
}
