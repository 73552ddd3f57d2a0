// A number on the console: its range, then the answers in bands of the range with the
// middle answer, the average and the quartiles.

import { register } from "../registry.js";
import { h, fill } from "../../common/dom.js";
import { renderResults } from "../../common/results.js";
import { numberText } from "../../common/number-results.js";

function range(step) {
  return `${numberText(step, step.min, { unit: false })} to ${numberText(step, step.max)}`;
}

function details(step) {
  const decimals = Number.isInteger(step.decimals) ? step.decimals : 0;
  const places = decimals === 0 ? "whole numbers" : `up to ${decimals} ${decimals === 1 ? "digit" : "digits"} after the point`;
  return [h("p", { text: `A number from ${range(step)}, ${places}.` })];
}

function panel(el, { step, results }) {
  if (!results || !Array.isArray(results.bins)) {
    fill(el, h("p", { class: "muted", text: "No answers yet." }));
    return;
  }
  renderResults(el, step, results);
}

register("numeric", "console", {
  label: "Number",
  summary: (step) => `Number, ${range(step)}`,
  details,
  panel,
  answerText: (step, value) => numberText(step, value),
});
