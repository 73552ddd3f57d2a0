// An open question in the editor: how long an answer may be.

import { register } from "../registry.js";

function fields(step, where, kit) {
  return [kit.number(step, where, "max_length", "Longest answer (characters)", "20 to 1000; 280 if left empty.")];
}

register("open", "editor", { label: "Open question", asksQuestion: true, fields });
