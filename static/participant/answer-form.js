// Builds the answer form for a poll, quiz or scale, and reads its value:
// an option id (one answer), a list of ids (several), or a whole number (scale).

import { h } from "../common/dom.js";
import { ratingGroup } from "./kinds/parts.js";

let formCount = 0;

/**
 * buildAnswerForm(step, {value, onSubmit, onChange}) -> {form, getValue, setDisabled}
 * Returns null for steps that take no answer here (slides, unknown kinds).
 */
export function buildAnswerForm(step, { value = null, onSubmit, onChange } = {}) {
  formCount += 1;
  const name = `answer-${formCount}`;
  let group;
  if ((step.kind === "poll" || step.kind === "quiz") && Array.isArray(step.options)) {
    group = choiceGroup(step, name, value);
  } else if (step.kind === "scale") {
    group = scaleGroup(step, value);
  } else {
    return null;
  }
  const button = h("button", { type: "submit", class: "button button--wide button--big", text: "Send answer" });
  const form = h("form", { class: "answer-form", noValidate: true }, group.fieldset, button);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (onSubmit) onSubmit(getValue());
  });
  form.addEventListener("change", () => {
    if (onChange) onChange(getValue());
  });

  function getValue() {
    const checked = Array.from(form.querySelectorAll("input:checked"));
    if (step.kind === "scale") return checked.length ? Number(checked[0].value) : null;
    if (step.multiple) return checked.length ? checked.map((input) => input.value) : null;
    return checked.length ? checked[0].value : null;
  }

  function setDisabled(off) {
    group.fieldset.disabled = off;
    button.disabled = off;
    button.hidden = off;
  }

  return { form, getValue, setDisabled };
}

function choiceGroup(step, name, value) {
  const multiple = Boolean(step.multiple);
  const chosen = new Set(Array.isArray(value) ? value : value == null ? [] : [value]);
  const fieldset = h(
    "fieldset",
    {},
    h("legend", { text: multiple ? "Choose all the answers that fit" : "Choose one answer" }),
    h(
      "div",
      { class: "choices" },
      step.options.map((option, i) => {
        const id = `${name}-${i}`;
        return h(
          "label",
          { class: "choice", htmlFor: id },
          h("input", {
            type: multiple ? "checkbox" : "radio",
            name,
            id,
            value: option.id,
            checked: chosen.has(option.id),
          }),
          h("span", { text: option.label }),
        );
      }),
    ),
  );
  return { fieldset };
}

function scaleGroup(step, value) {
  const min = Number.isInteger(step.min) ? step.min : 0;
  const max = Number.isInteger(step.max) ? step.max : 10;
  // The end numbers' meanings are said beside them and read out with them.
  return ratingGroup({
    legend: `Choose a number from ${min} to ${max}`,
    value,
    min,
    max,
    minLabel: step.min_label || "the lowest",
    maxLabel: step.max_label || "the highest",
  });
}
