// A ranking on the projector, before the results: the options, and what to do with them.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";
import { choiceList } from "../../screen/choices.js";

function question(step) {
  return h("div", {}, h("p", { class: "prompt-line", text: "Put these in order on your phone, most important first." }), choiceList(step));
}

register("rank", "screen", { question, saysWhereToAnswer: true });
