// An open question on the projector, before any answers are shared.

import { register } from "../registry.js";
import { h, said } from "../../common/dom.js";

function question(step, snap, correct, voices) {
  return h("p", { class: "prompt-line" }, said(voices, (v) => v.t("Type your answer on your phone.")));
}

register("open", "screen", { question, saysWhereToAnswer: true });
