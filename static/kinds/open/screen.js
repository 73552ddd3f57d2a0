// An open question on the projector, before any answers are shared.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";

function question() {
  return h("p", { class: "prompt-line", text: "Type your answer on your phone." });
}

register("open", "screen", { question, saysWhereToAnswer: true });
