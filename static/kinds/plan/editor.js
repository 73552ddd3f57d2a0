// An action plan in the editor: only the service's contact details; the rest is fixed.

import { register } from "../registry.js";

function fields(step, where, kit) {
  const { h } = kit;
  return [
    h("p", { class: "hint", text: "The plan's questions and the red-flag reminder are fixed." }),
    kit.text(step, where, "contact", "How to contact the service", { hint: "Shown with the safety reminder." }),
  ];
}

function start(step) {
  step.title = "My plan";
}

register("plan", "editor", { label: "Action plan", start, fields });
