// What the projector shows of a step before results are revealed, and how revealed results
// are drawn. The step's kind draws its own part (see ../kinds/); private kinds without one
// show only that people are writing.

import "../kinds/screen.js";
import { partOf } from "../kinds/registry.js";
import { renderResults, hasFigures, answerCount } from "../common/results.js";
import { h, fill } from "../common/dom.js";
import { choiceList } from "./choices.js";

/** Whether revealed results take the step's space (so the side strip steps aside). */
export function showsResults(snap) {
  const step = snap && snap.step;
  return Boolean(step && snap.revealed && step.is_activity && !step.private);
}

/** Whether the step's own content already tells people to answer on their phones. */
export function saysWhereToAnswer(step) {
  return Boolean(partOf(step, "screen").saysWhereToAnswer);
}

/** The step's own content under its title, before any reveal. */
export function questionView(step, snap, correct = null) {
  const { question } = partOf(step, "screen");
  if (question) return question(step, snap, correct);
  if (step.private) return h("p", { class: "private-message", text: "Everyone is writing privately" });
  return h("div", {}, choiceList(step, correct));
}

/** Draw revealed results (or why they are not shown yet) into box. */
export function drawResults(box, step, snap, results) {
  const current = results && results.step_id === step.id ? results : null;
  // Only a revealed quiz carries `correct` and `explanation`.
  const correct = step.correct || null;
  let figures;
  if (!hasFigures(current)) {
    // The right answer and its explanation still show: they give away nobody's answer.
    figures = h(
      "div",
      { class: "chart" },
      correct ? questionView(step, snap, correct) : null,
      h("p", { class: "withheld", text: `Results will show when more people have answered (${answerCount(current)} so far).` }),
    );
  } else {
    const many = Array.isArray(step.options) && step.options.length > 4;
    figures = h("div", { class: `chart chart--${step.kind} ${many ? "chart--many" : ""}` });
    renderResults(figures, step, current, { correct, cloud: { smallest: 1.3, largest: 4.2 } });
  }
  const explained = Boolean(step.explanation);
  box.classList.toggle("screen-results--split", explained);
  fill(box, figures, explained ? h("p", { class: "explanation" }, h("strong", { text: "Why: " }), step.explanation) : null);
}
