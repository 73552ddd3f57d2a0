// A ranking on the projector, before the results: the options, and what to do with them.

import { register } from "../registry.js";
import { h, said } from "../../common/dom.js";
import { choiceList } from "../../screen/choices.js";

function question(step, snap, correct, voices) {
  return h("div", {}, h("p", { class: "prompt-line" }, said(voices, (v) => v.t("Put these in order on your phone, most important first."))), choiceList(step, null, voices));
}

register("rank", "screen", { question, saysWhereToAnswer: true });
