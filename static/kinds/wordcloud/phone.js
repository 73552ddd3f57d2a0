// Word cloud: up to max_words short words or phrases, each in its own box.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";
import { textBox, answerForm, sendButton, disableAll } from "../../participant/form-parts.js";
import { t } from "../../common/messages.js";

function build(step, { value = null, onSubmit, onChange } = {}) {
  const most = Number(step.max_words) || 3;
  const longest = Number(step.max_length) || 30;
  const given = Array.isArray(value) ? value : [];
  const boxes = [];
  for (let i = 0; i < most; i += 1) {
    boxes.push(textBox({ label: most === 1 ? t("Your word") : t("Word {number}", { number: i + 1 }), value: given[i] || "", maxLength: longest, countFrom: 10 }));
  }
  const fieldset = h(
    "fieldset",
    {},
    h("legend", { text: most === 1 ? t("Type one word or short phrase") : t("Type up to {count} words or short phrases", { count: most }) }),
    boxes.map((box) => box.wrap),
  );
  const form = answerForm("answer-form--words", [fieldset, sendButton(most === 1 ? t("Send word") : t("Send words"))], () =>
    onSubmit(getValue()),
  );
  form.addEventListener("input", () => onChange(getValue()));

  function getValue() {
    const words = boxes.map((box) => box.input.value.trim()).filter(Boolean);
    return words.length ? words : null;
  }

  return {
    form,
    getValue,
    setDisabled: (off) => disableAll(form, off),
    takesAnswers: true,
    texts: {
      empty: t("Please type at least one word first."),
      changed: t("You changed your words. Press Send words to save them."),
    },
  };
}

register("wordcloud", "phone", { build });
