// Reflections are private: the console learns only how many wrote something.

import { register } from "../registry.js";
import { h, fill } from "../../common/dom.js";

function panel(el, { results }) {
  const n = results ? Number(results.count || 0) : 0;
  fill(
    el,
    h("p", { class: "big-figure", text: `${n} ${n === 1 ? "person has" : "people have"} written something` }),
    h("p", { class: "muted", text: "What they write is private. You and the room never see it." }),
  );
}

function details(step) {
  if (!Array.isArray(step.prompts)) return [];
  return [h("ul", { class: "option-list" }, step.prompts.map((p) => h("li", { text: p.label })))];
}

register("reflect", "console", { label: "Reflection", details, panel });
