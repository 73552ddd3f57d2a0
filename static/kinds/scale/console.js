// A scale on the console: its range, and for the "after" scale of a measure the change
// since "before", counted over people who answered both.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";

function details(step) {
  return [h("p", { text: `From ${step.min} (${step.min_label || ""}) to ${step.max} (${step.max_label || ""}).` })];
}

const mean = (m) => (m === null || m === undefined ? "–" : Number(m).toFixed(1));

/** The change since this session's "before" scale, counted over people who answered both. */
function sessionChange(c) {
  return h(
    "p",
    { class: "change" },
    h("strong", { text: "Change: " }),
    `Before: mean ${mean(c.before_mean)} (${c.before_count}), after: mean ${mean(c.after_mean)} (${c.after_count}); ` +
      `of ${c.paired} who answered both: ${c.up} up, ${c.down} down, ${c.same} same.`,
  );
}

/** At a course's last session: the measure since the course's first session, counts only. */
function courseChange(c) {
  const figures = c.withheld
    ? `${c.paired} answered both: too few to show more.`
    : `of ${c.paired} who answered both, mean ${mean(c.before_mean)} then ${mean(c.after_mean)}; ` +
      `${c.up} up, ${c.down} down, ${c.same} same.`;
  return h("p", { class: "change course-change" }, h("strong", { text: "Since the course's first session: " }), figures);
}

/** Under the histogram: the changes this scale measures, or null. */
function afterFigures(step, results) {
  const parts = [results.change ? sessionChange(results.change) : null, results.course_change ? courseChange(results.course_change) : null];
  if (!parts[0] && !parts[1]) return null;
  return h("div", {}, ...parts);
}

register("scale", "console", {
  label: "Scale",
  summary: (step) => `Scale ${step.min} to ${step.max}`,
  details,
  afterFigures,
  answerText: (step, value) => `${value} (on a scale from ${step.min} to ${step.max})`,
});
