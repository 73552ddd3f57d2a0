// A quiz on the phone: choose, then once the physio reveals it, the right answer, whether
// the person got it, and why.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";
import { choiceForm } from "../../participant/answer-form.js";
import { t } from "../../common/messages.js";

/** What goes above the figures once revealed. mine: the person's saved answer, or null. */
function revealed(step, mine) {
  if (!Array.isArray(step.correct)) return [];
  const labels = (step.options || []).filter((o) => step.correct.includes(o.id)).map((o) => o.label);
  const parts = [h("p", {}, step.correct.length > 1 ? t("The right answers:") : t("The right answer:"), " ", h("strong", { text: labels.join(", ") }))];
  if (mine === null) parts.push(h("p", { class: "verdict", text: t("You didn't answer this one.") }));
  else if (isRight(mine, step.correct)) parts.push(h("p", { class: "verdict verdict--right", text: "✓ " + t("You got it right.") }));
  else parts.push(h("p", { class: "verdict", text: t("Not this time. That's fine: this is how we learn.") }));
  if (step.explanation) parts.push(h("p", { class: "explanation" }, h("strong", { text: t("Why:") }), " ", step.explanation));
  return parts;
}

function isRight(value, correct) {
  const given = Array.isArray(value) ? value : [value];
  return given.length === correct.length && given.every((id) => correct.includes(id));
}

register("quiz", "phone", { build: choiceForm, revealed });
