// What the phone shows once the physio reveals a step's results: the bars,
// histogram, word cloud or shared answers, and for a quiz the right answer.
// Private kinds (reflection, plan, discussion) never show anything here.

import { renderResults, hasFigures, answerCount } from "../common/results.js";
import { h, fill } from "../common/dom.js";

const PRIVATE = new Set(["slide", "reflect", "plan", "discuss"]);

/** Draw the reveal area. mine: this person's saved answer to the step, or null. */
export function renderReveal(el, { snap, results, mine }) {
  const step = snap && snap.stage === "step" ? snap.step : null;
  if (!step || PRIVATE.has(step.kind) || !snap.revealed) {
    el.replaceChildren();
    return;
  }
  const parts = [h("h2", { text: step.kind === "open" ? "Answers shared by the physio" : "Results" })];

  if (step.kind === "quiz" && Array.isArray(step.correct)) {
    const labels = (step.options || []).filter((o) => step.correct.includes(o.id)).map((o) => o.label);
    parts.push(h("p", {}, step.correct.length > 1 ? "The right answers: " : "The right answer: ", h("strong", { text: labels.join(", ") })));
    if (mine === null) parts.push(h("p", { class: "verdict", text: "You didn't answer this one." }));
    else if (isRight(mine, step.correct)) parts.push(h("p", { class: "verdict verdict--right", text: "✓ You got it right." }));
    else parts.push(h("p", { class: "verdict", text: "Not this time. That's fine: this is how we learn." }));
    if (step.explanation) parts.push(h("p", { class: "explanation" }, h("strong", { text: "Why: " }), step.explanation));
  }

  const current = results && results.step_id === step.id ? results : null;
  if (!hasFigures(current)) {
    parts.push(
      h("p", {
        class: "withheld",
        text: `Results will show when more people have answered (${answerCount(current)} so far).`,
      }),
    );
  } else {
    const box = h("div", { class: "phone-results" });
    renderResults(box, step, current, {
      correct: step.kind === "quiz" ? step.correct || [] : null,
      mine,
      cloud: { smallest: 1, largest: 2.2 },
    });
    parts.push(box);
  }
  fill(el, h("section", { class: "reveal" }, parts));
}

function isRight(value, correct) {
  const given = Array.isArray(value) ? value : [value];
  return given.length === correct.length && given.every((id) => correct.includes(id));
}
