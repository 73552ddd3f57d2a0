// Reflections are private: the console learns only how many wrote something.

import { h, fill } from "../../common/dom.js";

export function renderReflectPanel(el, { results }) {
  const n = results ? Number(results.count || 0) : 0;
  fill(
    el,
    h("p", { class: "big-figure", text: `${n} ${n === 1 ? "person has" : "people have"} written something` }),
    h("p", { class: "muted", text: "What they write is private. You and the room never see it." }),
  );
}
