// A scale on the console: its range, and for the "after" scale of a measure the change
// since "before", counted over people who answered both.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";
import { t, formatNumber } from "../../common/messages.js";

function details(step) {
  return [h("p", { text: t("From {min} ({min_label}) to {max} ({max_label}).", { min: step.min, min_label: step.min_label || "", max: step.max, max_label: step.max_label || "" }) })];
}

const mean = (m) => (m === null || m === undefined ? "–" : formatNumber(Number(m), { minimumFractionDigits: 1, maximumFractionDigits: 1 }));

/** The change since this session's "before" scale, counted over people who answered both. */
function sessionChange(c) {
  return h(
    "p",
    { class: "change" },
    h("strong", { text: t("Change:") }),
    " ",
    t("Before: mean {before} ({before_count}), after: mean {after} ({after_count}); of {paired} who answered both: {up} up, {down} down, {same} same.", {
      before: mean(c.before_mean),
      before_count: c.before_count,
      after: mean(c.after_mean),
      after_count: c.after_count,
      paired: c.paired,
      up: c.up,
      down: c.down,
      same: c.same,
    }),
  );
}

/** At a course's last session: the measure since the course's first session, counts only. */
function courseChange(c) {
  const figures = c.withheld
    ? t("{paired} answered both: too few to show more.", { paired: c.paired })
    : t("of {paired} who answered both, mean {before} then {after}; {up} up, {down} down, {same} same.", {
        paired: c.paired,
        before: mean(c.before_mean),
        after: mean(c.after_mean),
        up: c.up,
        down: c.down,
        same: c.same,
      });
  return h("p", { class: "change course-change" }, h("strong", { text: t("Since the course's first session:") }), " ", figures);
}

/** Under the histogram: the changes this scale measures, or null. */
function afterFigures(step, results) {
  const parts = [results.change ? sessionChange(results.change) : null, results.course_change ? courseChange(results.course_change) : null];
  if (!parts[0] && !parts[1]) return null;
  return h("div", {}, ...parts);
}

register("scale", "console", {
  label: t("Scale"),
  summary: (step) => t("Scale {min} to {max}", { min: step.min, max: step.max }),
  details,
  afterFigures,
  answerText: (step, value) => t("{value} (on a scale from {min} to {max})", { value, min: step.min, max: step.max }),
});
