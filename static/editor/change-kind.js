// "Change the kind of step": an imported slide becomes a question, keeping its title, text,
// notes, timing and id. What the new kind cannot hold (a slide's picture, say) is named
// before it goes; the new kind's own fields start as a new step of that kind would.

import { t } from "../common/messages.js";
import { h } from "../common/dom.js";
import { kindChoices, kindName, newStep } from "./kind-forms.js";

/** fieldsOf: kind -> the fields a step of that kind may have (from the server). */
export function kindChanger(step, { fieldsOf, onChange }) {
  const choice = h("select", { id: "change-kind", class: "input" },
    kindChoices().filter(([kind]) => kind !== step.kind).map(([kind, name]) => h("option", { value: kind, text: name })));
  const button = h("button", { type: "button", class: "button button--secondary", text: t("Change the kind") });
  button.addEventListener("click", () => {
    const kind = choice.value;
    const allowed = new Set(fieldsOf[kind] || []);
    const dropped = Object.keys(step).filter((key) => !allowed.has(key));
    const question = t("A {kind} step cannot keep: {fields}. Change it and leave those out?", { kind: kindName(kind), fields: dropped.join(", ") });
    if (dropped.length && !window.confirm(question)) return;
    for (const key of dropped) delete step[key];
    const fresh = newStep(kind, []);
    step.kind = kind;
    for (const [key, value] of Object.entries(fresh)) if (!(key in step) || step[key] === "") step[key] = value;
    onChange(kind);
  });
  return h("div", { class: "field change-kind" },
    h("label", { class: "label", htmlFor: "change-kind", text: t("Change this step to") }),
    h("div", { class: "add-step__row" }, choice, button));
}
