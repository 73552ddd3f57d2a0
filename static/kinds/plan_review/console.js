// Plan reviews on the console: counts only. Each person's plan and what they
// wrote stay theirs.

import { register } from "../registry.js";
import { h, fill } from "../../common/dom.js";
import { t, plural } from "../../common/messages.js";

function panel(el, { results }) {
  const count = (key) => (results ? Number(results[key] || 0) : 0);
  const reviewed = count("reviewed");
  fill(
    el,
    h("p", { class: "big-figure", text: plural("{count} person has looked back at their plan", "{count} people have looked back at their plan", reviewed) }),
    h(
      "ul",
      { class: "option-list" },
      h("li", { text: t("Did it: {count}", { count: count("did") }) }),
      h("li", { text: t("Partly: {count}", { count: count("partly") }) }),
      h("li", { text: t("Not yet: {count}", { count: count("not_yet") }) }),
      h("li", { text: t("Changed their plan: {count}", { count: count("changed") }) }),
    ),
    h("p", { class: "muted", text: t("Plans and reviews are private. You and the room see only these counts.") }),
  );
}

register("plan_review", "console", { label: t("Plan review"), panel });
