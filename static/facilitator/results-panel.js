// The console's results card: whether the room sees them, then the figures
// drawn the right way for the step's kind (its console part in ../kinds/).

import { renderResults, answerCount } from "../common/results.js";
import { h, fill, keepFocus } from "../common/dom.js";
import { byNameTable } from "./by-name.js";
import { partOf } from "../kinds/registry.js";
import { peerGroups } from "./peer-groups.js";
import { t, plural } from "../common/messages.js";

/**
 * els: {visibility, results}; actions: {moderate(stepId, item, action), command(event, payload)}.
 */
export function renderResultsPanel(els, snap, results, actions) {
  const step = snap && snap.stage === "step" ? snap.step : null;
  if (!step || !step.is_activity) {
    fill(els.visibility);
    fill(els.results, h("p", { class: "muted", text: t("This step has no answers.") }));
    return;
  }
  const mine = results && results.step_id === step.id ? results : null;
  fill(els.visibility, visibilityLine(snap, step, mine));
  keepFocus(els.results, () => {
    const { panel, afterFigures } = partOf(step, "console");
    if (panel) {
      panel(els.results, { step, results: mine, snap, ...actions });
    } else if (!mine) {
      fill(els.results, h("p", { class: "muted", text: t("No answers yet.") }));
    } else if (!mine.counts && !mine.histogram) {
      fill(els.results, h("p", { text: plural("{count} person answered so far.", "{count} people answered so far.", answerCount(mine)) }));
    } else {
      renderResults(els.results, step, mine, { correct: step.correct || null });
      const more = afterFigures ? afterFigures(step, mine) : null;
      if (more) els.results.append(more);
    }
    // One-to-one: who said what, under the figures.
    const named = byNameTable(step, mine, mine && mine.second_vote ? t("First vote by name") : undefined);
    if (named) els.results.append(named);
    const namedAgain = mine && byNameTable(step, mine.second_vote, t("Second vote by name"));
    if (namedAgain) els.results.append(namedAgain);
    // A second vote: the groups the room talks it over in (a discussion draws its own).
    const groups = panel ? null : peerGroups(snap, actions.command);
    if (groups) els.results.append(groups);
  });
}

function visibilityLine(snap, step, mine) {
  if (step.private) {
    return h("span", { class: "visibility", text: t("Private: only you see this. The room never does.") });
  }
  const min = (snap.session && snap.session.min_responses) || 3;
  const withheld = Boolean(mine && mine.withheld);
  const { visibility } = partOf(step, "console");
  let text = visibility ? visibility(snap) : null;
  if (snap.mode === "self-paced") {
    text = text || t("Each person sees these on their phone once they have answered, when at least {count} people have.", { count: min });
    return h("span", { class: "visibility", text });
  }
  text = text || roomText(snap, withheld, min);
  const shown = snap.revealed && !withheld;
  return h("span", { class: `visibility ${shown ? "visibility--shown" : ""}`, text });
}

function roomText(snap, withheld, min) {
  if (!snap.revealed) {
    return withheld
      ? t("Hidden from the room. They can be shown once {count} people have answered.", { count: min })
      : t("Hidden from the room. Press Reveal results to show them on the screen and phones.");
  }
  if (withheld) return t("Hidden from the room: fewer than {count} answers.", { count: min });
  return t("The room sees these results.");
}
