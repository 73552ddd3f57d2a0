// A number on the projector, before its results: the question's range and unit.

import { register } from "../registry.js";
import { h, said, withParts } from "../../common/dom.js";
import { numberText } from "../../common/number-results.js";

function question(step, snap, correct, voices) {
  const ends = (v) => ({
    min: () => h("strong", { text: numberText(step, step.min, { unit: false, voice: v }) }),
    max: () => h("strong", { text: numberText(step, step.max, { voice: v }) }),
  });
  return h(
    "p",
    { class: "prompt-line" },
    said(voices, (v) => withParts(v.t("Type a number on your phone, from {min} to {max}."), (name) => ends(v)[name]())),
  );
}

register("numeric", "screen", { question, saysWhereToAnswer: true });
