// The answer forms that choose: options (an option id, or a list of ids when several may be
// chosen) or a whole number on a scale. The kinds that ask this way build their phone part here.

import { h } from "../common/dom.js";
import { ratingGroup, optionPicture } from "./form-parts.js";
import { t, formatNumber } from "../common/messages.js";

let formCount = 0;

/** A form to choose options (a poll or quiz): their id, or a list of ids when several may be chosen. */
export function choiceForm(step, ctx = {}) {
  if (!Array.isArray(step.options)) return null;
  const name = `answer-${++formCount}`;
  return sendForm(choiceGroup(step, name, ctx.value ?? null), ctx, (checked) => {
    if (step.multiple) return checked.length ? checked.map((input) => input.value) : null;
    return checked.length ? checked[0].value : null;
  });
}

/** A form to choose a whole number on a scale. */
export function scaleForm(step, ctx = {}) {
  formCount += 1;
  return sendForm(scaleGroup(step, ctx.value ?? null), ctx, (checked) => (checked.length ? Number(checked[0].value) : null));
}

/** -> {form, getValue, setDisabled, takesAnswers}; read(checked inputs) gives the value. */
function sendForm(group, { onSubmit, onChange } = {}, read) {
  const button = h("button", { type: "submit", class: "button button--wide button--big", text: t("Send answer") });
  const form = h("form", { class: "answer-form", noValidate: true }, group.fieldset, button);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (onSubmit) onSubmit(getValue());
  });
  form.addEventListener("change", () => {
    if (onChange) onChange(getValue());
  });

  function getValue() {
    return read(Array.from(form.querySelectorAll("input:checked")));
  }

  function setDisabled(off) {
    group.fieldset.disabled = off;
    button.disabled = off;
    button.hidden = off;
  }

  return { form, getValue, setDisabled, takesAnswers: true };
}

function choiceGroup(step, name, value) {
  const multiple = Boolean(step.multiple);
  const chosen = new Set(Array.isArray(value) ? value : value == null ? [] : [value]);
  const fieldset = h(
    "fieldset",
    {},
    h("legend", { text: multiple ? t("Choose all the answers that fit") : t("Choose one answer") }),
    h(
      "div",
      { class: "choices" },
      step.options.map((option, i) => {
        const id = `${name}-${i}`;
        const input = h("input", {
          type: multiple ? "checkbox" : "radio",
          name,
          id,
          value: option.id,
          checked: chosen.has(option.id),
        });
        const { picture, note } = optionPicture(option, input);
        const label = h("label", { class: "choice", htmlFor: id }, input, picture, h("span", { class: "choice__label", text: option.label }));
        return note ? [label, note] : label;
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
    legend: t("Choose a number from {min} to {max}", { min: formatNumber(min), max: formatNumber(max) }),
    value,
    min,
    max,
    minLabel: step.min_label || "the lowest",
    maxLabel: step.max_label || "the highest",
  });
}
