// Feedback on the projector: the Friends and Family Test question and its answers.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";
import { choiceList } from "../../screen/choices.js";

function question(step, snap, correct, voices) {
  return h("div", {}, step.question ? h("p", { class: "fft-question", text: step.question }) : null, choiceList(step, correct, voices));
}

register("feedback", "screen", { question });
