// The console's results card: whether the room sees them, then the figures
// drawn the right way for the step's kind (see panels/).

import { renderResults, answerCount } from "../common/results.js";
import { h, fill, people, keepFocus } from "../common/dom.js";
import { takesAnswers, PRIVATE_KINDS } from "./stage.js";
import { renderWordCloudPanel } from "./panels/wordcloud.js";
import { renderOpenPanel } from "./panels/open.js";
import { renderReflectPanel } from "./panels/reflect.js";
import { renderDiscussPanel } from "./panels/discuss.js";
import { renderPlanPanel } from "./panels/plan.js";
import { renderFeedbackPanel } from "./panels/feedback.js";
import { renderScalePanel } from "./panels/scale.js";
import { byNameTable } from "./by-name.js";

const PANELS = {
  wordcloud: renderWordCloudPanel,
  open: renderOpenPanel,
  reflect: renderReflectPanel,
  discuss: renderDiscussPanel,
  plan: renderPlanPanel,
  feedback: renderFeedbackPanel,
};

/**
 * els: {visibility, results}; actions: {moderate(stepId, item, action), command(event, payload)}.
 */
export function renderResultsPanel(els, snap, results, actions) {
  const step = snap && snap.stage === "step" ? snap.step : null;
  if (!step || (!takesAnswers(step) && step.kind !== "discuss")) {
    fill(els.visibility);
    fill(els.results, h("p", { class: "muted", text: "This step has no answers." }));
    return;
  }
  const mine = results && results.step_id === step.id ? results : null;
  fill(els.visibility, visibilityLine(snap, step, mine));
  keepFocus(els.results, () => {
    const panel = PANELS[step.kind];
    if (panel) {
      panel(els.results, { step, results: mine, snap, ...actions });
    } else if (!mine) {
      fill(els.results, h("p", { class: "muted", text: "No answers yet." }));
    } else if (!mine.counts && !mine.histogram) {
      fill(els.results, h("p", { text: `${people(answerCount(mine))} answered so far.` }));
    } else if (step.kind === "scale") {
      renderScalePanel(els.results, { step, results: mine });
    } else {
      renderResults(els.results, step, mine, { correct: step.correct || null });
    }
    // One-to-one: who said what, under the figures.
    const named = byNameTable(step, mine);
    if (named) els.results.append(named);
  });
}

function visibilityLine(snap, step, mine) {
  if (PRIVATE_KINDS.has(step.kind)) {
    return h("span", { class: "visibility", text: "Private: only you see this. The room never does." });
  }
  const min = (snap.session && snap.session.min_responses) || 3;
  const withheld = Boolean(mine && mine.withheld);
  let text;
  if (snap.mode === "self-paced") {
    text = step.kind === "open"
      ? "Each person sees the answers you approve once they have answered."
      : `Each person sees these on their phone once they have answered, when at least ${min} people have.`;
    return h("span", { class: "visibility", text });
  }
  if (step.kind === "open") {
    text = snap.revealed
      ? "The room sees the answers you approve."
      : "Hidden from the room. Approve answers, then press Reveal results to show them.";
  } else if (!snap.revealed) {
    text = withheld
      ? `Hidden from the room. They can be shown once ${min} people have answered.`
      : "Hidden from the room. Press Reveal results to show them on the screen and phones.";
  } else if (withheld) {
    text = `Hidden from the room: fewer than ${min} answers.`;
  } else {
    text = "The room sees these results.";
  }
  const shown = snap.revealed && !withheld;
  return h("span", { class: `visibility ${shown ? "visibility--shown" : ""}`, text });
}
