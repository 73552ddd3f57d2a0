// A pulse on the projector, before its results.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";

function question() {
  return h("p", { class: "prompt-line", text: "Tap Yes or No on your phone." });
}

register("pulse", "screen", { question, saysWhereToAnswer: true });
