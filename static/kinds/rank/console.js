// A ranking on the console: its options, the room's order as bars (average place and how many
// put each first), and each person's order in words on a one-to-one.

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
  if (!Array.isArray(value)) return "";
  const label = (id) => ((step.options || []).find((o) => o.id === id) || { label: String(id) }).label;
  return value.map((id, i) => `${i + 1}. ${label(id)}`).join(", ");
}

register("rank", "console", {
  label: t("Ranking"),
  summary: (step) => t("Ranking of {count} options", { count: (step.options || []).length }),
  panel,
  answerText,
});
