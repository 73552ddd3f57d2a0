// A number on the projector, before its results: the question's range and unit.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";
import { numberText } from "../../common/number-results.js";

function question(step) {
  return h(
    "p",
    { class: "prompt-line" },
    "Type a number on your phone, from ",
    h("strong", { text: numberText(step, step.min, { unit: false }) }),
    " to ",
    h("strong", { text: numberText(step, step.max) }),
    ".",
  );
}

register("numeric", "screen", { question, saysWhereToAnswer: true });
