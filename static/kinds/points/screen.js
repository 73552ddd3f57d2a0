// A points step on the projector, before the results: the options, and how many points to share.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";
import { choiceList } from "../../screen/choices.js";

function question(step) {
  return h("div", {}, h("p", { class: "prompt-line", text: `Share ${step.budget} points between these on your phone.` }), choiceList(step));
}

register("points", "screen", { question, saysWhereToAnswer: true });
