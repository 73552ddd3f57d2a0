// Plan reviews on the console: counts only. Each person's plan and what they
// wrote stay theirs.

import { register } from "../registry.js";
import { h, fill } from "../../common/dom.js";

function panel(el, { results }) {
  const count = (key) => (results ? Number(results[key] || 0) : 0);
  const reviewed = count("reviewed");
  fill(
    el,
    h("p", { class: "big-figure", text: `${reviewed} ${reviewed === 1 ? "person has" : "people have"} looked back at their plan` }),
    h(
      "ul",
      { class: "option-list" },
      h("li", { text: `Did it: ${count("did")}` }),
      h("li", { text: `Partly: ${count("partly")}` }),
      h("li", { text: `Not yet: ${count("not_yet")}` }),
      h("li", { text: `Changed their plan: ${count("changed")}` }),
    ),
    h("p", { class: "muted", text: "Plans and reviews are private. You and the room see only these counts." }),
  );
}

register("plan_review", "console", { label: "Plan review", panel });
