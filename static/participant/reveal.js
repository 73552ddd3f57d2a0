// What the phone shows once the physio reveals a step's results: the bars,
// histogram, word cloud or shared answers, and what the kind adds (for a quiz,
// the right answer). Private kinds and slides never show anything here.

import { renderResults, hasFigures, answerCount } from "../common/results.js";
import { h, fill } from "../common/dom.js";
import { partOf } from "../kinds/registry.js";
import { t } from "../common/messages.js";

/** Draw the reveal area. mine: this person's saved answer to the step, or null. */
export function renderReveal(el, { snap, results, mine }) {
  const step = snap && snap.stage === "step" ? snap.step : null;
  if (!step || !step.is_activity || step.private || !snap.revealed) {
    el.replaceChildren();
    return;
  }
  const part = partOf(step, "phone");
  const parts = [h("h2", { text: part.revealTitle || t("Results") })];
  if (part.revealed) parts.push(...part.revealed(step, mine));

  const current = results && results.step_id === step.id ? results : null;
  if (!hasFigures(current)) {
    parts.push(
      h("p", {
        class: "withheld",
        text: t("Results will show when more people have answered ({count} so far).", { count: answerCount(current) }),
      }),
    );
  } else {
    const box = h("div", { class: "phone-results" });
    renderResults(box, step, current, {
      correct: step.correct || null,
      mine: part.shownAnswer ? part.shownAnswer(mine) : mine,
      cloud: { smallest: 1, largest: 2.2 },
    });
    parts.push(box);
  }
  fill(el, h("section", { class: "reveal" }, parts));
}
