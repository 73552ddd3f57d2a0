// Points on the console: its options and budget, the average points as bars, and each
// person's points in words on a one-to-one.

import { register } from "../registry.js";
import { h, fill } from "../../common/dom.js";
import { renderResults } from "../../common/results.js";
import { t } from "../../common/messages.js";

function panel(el, { step, results }) {
  if (!results || !results.total) {
    fill(el, h("p", { class: "muted", text: t("No answers yet.") }));
    return;
  }
  renderResults(el, step, results);
}

function answerText(step, value) {
  if (!value || typeof value !== "object") return "";
  return (step.options || []).map((o) => `${o.label}: ${value[o.id] ?? 0}`).join(", ");
}

register("points", "console", {
  label: t("Points"),
  summary: (step) => t("Share {budget} points between {count} options", { budget: step.budget, count: (step.options || []).length }),
  panel,
  answerText,
});
