// A plan review in the editor: only the service's contact details; the
// questions and the plan's fields are fixed.

import { t, deckText } from "../../common/messages.js";
import { register } from "../registry.js";

function fields(step, where, kit) {
  const { h } = kit;
  return [
    h("p", { class: "hint", text: t("Each person sees their own latest plan. The questions are fixed.") }),
    kit.text(step, where, "contact", t("How to contact the service"), { hint: t("Shown with the safety reminder.") }),
  ];
}

function start(step) {
  step.title = deckText("How did your plan go?");
}

register("plan_review", "editor", { label: t("Plan review"), start, fields });
