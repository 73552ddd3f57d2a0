// A number on the console: its range, then the answers in bands of the range with the
// middle answer, the average and the quartiles.

import { register } from "../registry.js";
import { h, fill } from "../../common/dom.js";
import { renderResults } from "../../common/results.js";
import { numberText } from "../../common/number-results.js";
import { t, plural } from "../../common/messages.js";

function range(step) {
  return t("{min} to {max}", { min: numberText(step, step.min, { unit: false }), max: numberText(step, step.max) });
}

function details(step) {
  const decimals = Number.isInteger(step.decimals) ? step.decimals : 0;
  const places =
    decimals === 0 ? t("whole numbers") : plural("up to {count} digit after the point", "up to {count} digits after the point", decimals);
  return [h("p", { text: t("A number from {range}, {places}.", { range: range(step), places }) })];
}

function panel(el, { step, results }) {
  if (!results || !Array.isArray(results.bins)) {
    fill(el, h("p", { class: "muted", text: t("No answers yet.") }));
    return;
  }
  renderResults(el, step, results);
}

register("numeric", "console", {
  label: t("Number"),
  summary: (step) => t("Number, {range}", { range: range(step) }),
  details,
  panel,
  answerText: (step, value) => numberText(step, value),
});
