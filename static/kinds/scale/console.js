// A scale on the console: its range, and for the "after" scale of a measure the change
// since "before", counted over people who answered both.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";

function details(step) {
  return [h("p", { text: `From ${step.min} (${step.min_label || ""}) to ${step.max} (${step.max_label || ""}).` })];
}

/** Under the histogram: the change since the "before" scale, or null. */
function afterFigures(step, results) {
  const c = results.change;
  if (!c) return null;
  const mean = (m) => (m === null || m === undefined ? "–" : Number(m).toFixed(1));
  return h(
    "p",
    { class: "change" },
    h("strong", { text: "Change: " }),
    `Before: mean ${mean(c.before_mean)} (${c.before_count}), after: mean ${mean(c.after_mean)} (${c.after_count}); ` +
      `of ${c.paired} who answered both: ${c.up} up, ${c.down} down, ${c.same} same.`,
  );
}

register("scale", "console", {
  label: "Scale",
  summary: (step) => `Scale ${step.min} to ${step.max}`,
  details,
  afterFigures,
  answerText: (step, value) => `${value} (on a scale from ${step.min} to ${step.max})`,
});
