// Approved anonymous questions on a strip beside the step, most votes first. Its own words are
// said in each room language; the questions are as people wrote them.

import { h, fill, said } from "../common/dom.js";

const MOST = 5;

/** voices: the room languages (static/screen/room-words.js), the first first. */
export function renderQuestionsStrip(el, questions, show, voices) {
  const list = Array.isArray(questions) ? questions : [];
  el.hidden = !show || !list.length || !voices;
  if (el.hidden) {
    el.replaceChildren();
    return;
  }
  const more = list.length - MOST;
  fill(
    el,
    h("h2", { id: "strip-heading", class: "questions-strip__heading" }, said(voices, (v) => v.t("Your questions"))),
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
            said(voices, (v) => [
              v.plural("{count} vote", "{count} votes", Number(q.votes) || 0),
              q.answered ? h("span", { class: "strip-question__answered", text: " · " + v.t("Answered") }) : null,
            ]),
          ),
        ),
      ),
    ),
    more > 0 ? h("p", { class: "questions-strip__more" }, said(voices, (v) => v.plural("and {count} more", "and {count} more", more))) : null,
  );
}
