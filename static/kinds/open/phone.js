// Open question: one answer in the person's own words. The physio reads it
// first; only answers they approve are shown to the room, never with a name.

import { register } from "../registry.js";
import { textBox, answerForm, sendButton, disableAll } from "../../participant/form-parts.js";
import { t } from "../../common/messages.js";

function build(step, { value = null, onSubmit, onChange } = {}) {
  const box = textBox({
    label: t("Your answer"),
    hint: t("Please don't include names or personal details. The physio reads answers before the room sees them."),
    value: typeof value === "string" ? value : "",
    maxLength: Number(step.max_length) || 280,
    multiline: true,
    rows: 5,
  });
  const form = answerForm("answer-form--open", [box.wrap, sendButton(t("Send answer"))], () => onSubmit(getValue()));
  form.addEventListener("input", () => onChange(getValue()));

  function getValue() {
    const text = box.input.value.trim();
    return text ? text : null;
  }

  return {
    form,
    getValue,
    setDisabled: (off) => disableAll(form, off),
    takesAnswers: true,
    texts: { empty: t("Please write your answer first.") },
  };
}

register("open", "phone", { build, revealTitle: t("Answers shared by the physio") });
