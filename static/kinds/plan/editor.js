// An action plan in the editor: only the service's contact details; the rest is fixed.

import { t, deckText } from "../../common/messages.js";
import { register } from "../registry.js";

function fields(step, where, kit) {
  const { h } = kit;
  return [
    h("p", { class: "hint", text: t("The plan's questions and the red-flag reminder are fixed.") }),
    kit.text(step, where, "contact", t("How to contact the service"), { hint: t("Shown with the safety reminder.") }),
  ];
}

function start(step) {
  step.title = deckText("My plan");
}

register("plan", "editor", { label: t("Action plan"), start, fields });
