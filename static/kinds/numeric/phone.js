// A number on the phone: one box that opens the phone's number keypad, labelled with the
// unit and the range. A number the step would refuse is said beside the box, and read out,
// before anything is sent.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";
import { answerForm, sendButton, disableAll, uid } from "../../participant/form-parts.js";
import { numberText } from "../../common/number-results.js";
import { t, plural } from "../../common/messages.js";

const NUMBER = /^-?\d+(?:[.,]\d+)?$/;

function rangeText(step) {
  return t("from {min} to {max}", { min: numberText(step, step.min, { unit: false }), max: numberText(step, step.max) });
}

/** The typed text as a number, or the reason it is not one the step takes. */
function readNumber(step, text) {
  const typed = text.trim().replace(/\s/g, "");
  if (!typed) return { error: t("Please type a number first.") };
  if (!NUMBER.test(typed)) return { error: t("Please type a number {range}, using digits only.", { range: rangeText(step) }) };
  const number = Number(typed.replace(",", "."));
  const decimals = Number.isInteger(step.decimals) ? step.decimals : 0;
  const [, fraction = ""] = typed.replace(",", ".").split(".");
  if (number < step.min || number > step.max) return { error: t("That is out of range. Please type a number {range}.", { range: rangeText(step) }) };
  if (fraction.replace(/0+$/, "").length > decimals) {
    if (decimals === 0) return { error: t("Please type a whole number, without a decimal point.") };
    return { error: plural("Please use at most {count} digit after the point.", "Please use at most {count} digits after the point.", decimals) };
  }
  return { value: number };
}

function build(step, { value = null, onSubmit, onChange } = {}) {
  const id = uid("number");
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const decimals = Number.isInteger(step.decimals) ? step.decimals : 0;
  const input = h("input", {
    id,
    type: "text",
    class: "input input--line input--number",
    value: typeof value === "number" ? String(value) : "",
    autocomplete: "off",
    attrs: {
      inputmode: decimals > 0 || step.min < 0 ? "decimal" : "numeric",
      "aria-describedby": `${hintId} ${errorId}`,
      enterkeyhint: "send",
    },
  });
  const error = h("p", { class: "error-text", id: errorId, attrs: { role: "alert" } });
  const hint = decimals > 0
    ? plural("A number {range}, with up to {count} digit after the point.", "A number {range}, with up to {count} digits after the point.", decimals, { range: rangeText(step) })
    : t("A whole number {range}.", { range: rangeText(step) });
  const field = h(
    "div",
    { class: "field" },
    h("label", { class: "label", htmlFor: id, text: step.unit ? t("Your answer, in {unit}", { unit: step.unit }) : t("Your answer") }),
    h("span", { class: "hint", id: hintId, text: hint }),
    error,
    h("span", { class: "number-box" }, input, step.unit ? h("span", { class: "number-box__unit", attrs: { "aria-hidden": "true" }, text: step.unit }) : null),
  );

  function showError(message) {
    error.textContent = message || "";
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  function getValue() {
    const read = readNumber(step, input.value);
    return read.error ? null : read.value;
  }

  const form = answerForm("answer-form--number", [field, sendButton(t("Send answer"))], () => {
    const read = readNumber(step, input.value);
    showError(read.error);
    if (read.error) {
      input.focus();
      return;
    }
    onSubmit(read.value);
  });
  input.addEventListener("input", () => {
    if (error.textContent) showError("");
    onChange(getValue());
  });

  return { form, getValue, setDisabled: (off) => disableAll(form, off), takesAnswers: true };
}

register("numeric", "phone", {
  build,
  shownAnswer: (mine) => (typeof mine === "number" ? mine : null),
});
