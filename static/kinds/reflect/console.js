// Reflections are private: the console learns only how many wrote something.

import { register } from "../registry.js";
import { h, fill } from "../../common/dom.js";
import { t, plural } from "../../common/messages.js";

function panel(el, { results }) {
  const n = results ? Number(results.count || 0) : 0;
  fill(
    el,
    h("p", { class: "big-figure", text: plural("{count} person has written something", "{count} people have written something", n) }),
    h("p", { class: "muted", text: t("What they write is private. You and the room never see it.") }),
  );
}

function details(step) {
  if (!Array.isArray(step.prompts)) return [];
  return [h("ul", { class: "option-list" }, step.prompts.map((p) => h("li", { text: p.label })))];
}

register("reflect", "console", { label: t("Reflection"), details, panel });
