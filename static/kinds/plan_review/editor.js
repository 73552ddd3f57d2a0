// A plan review in the editor: only the service's contact details; the
// questions and the plan's fields are fixed.

import { register } from "../registry.js";

function fields(step, where, kit) {
  const { h } = kit;
  return [
    h("p", { class: "hint", text: "Each person sees their own latest plan. The questions are fixed." }),
    kit.text(step, where, "contact", "How to contact the service", { hint: "Shown with the safety reminder." }),
  ];
}

function start(step) {
  step.title = "How did your plan go?";
}

register("plan_review", "editor", { label: "Plan review", start, fields });
