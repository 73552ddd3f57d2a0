// A points step on the projector, before the results: the options, and how many points to share.

import { register } from "../registry.js";
import { h, said } from "../../common/dom.js";
import { choiceList } from "../../screen/choices.js";

function question(step, snap, correct, voices) {
  const line = (v) => v.plural("Share {count} point between these on your phone.", "Share {count} points between these on your phone.", Number(step.budget) || 0);
  return h("div", {}, h("p", { class: "prompt-line" }, said(voices, line)), choiceList(step, null, voices));
}

register("points", "screen", { question, saysWhereToAnswer: true });
