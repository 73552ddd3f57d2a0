// Feedback: the Friends and Family Test exactly as the server words it, then
// "why" in the person's own words, then any extra 0–10 questions. Anonymous.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";
import { textBox, ratingGroup, answerForm, sendButton, uid, disableAll } from "../../participant/form-parts.js";
import { t, inPageLanguage } from "../../common/messages.js";

/** The language of the question and answers when it is not the page's, so that a screen
 *  reader reads them in it: the English of the FFT unless its wording is official. */
function wordingLanguage(step) {
  const code = step.fft_language || (step.language ? step.language.shown : null);
  return code && !inPageLanguage(code) ? code : null;
}

/** A text of an unofficial FFT wording, shown beneath the English and marked as a
 *  translation: never the words people answer to. */
function translationLine(text, language) {
  if (!text) return null;
  return h(
    "span",
    { class: "fft__translation" },
    h("span", { class: "fft__translation-mark", text: t("Translation:") }),
    " ",
    h("span", { text, attrs: { lang: language } }),
  );
}

function build(step, { value = null, onSubmit, onChange } = {}) {
  const given = value && typeof value === "object" ? value : {};
  const name = uid("fft");
  const lang = wordingLanguage(step);
  const translated = step.translation_language || null;
  const fft = h(
    "fieldset",
    { class: "fft" },
    h(
      "legend",
      { class: "fft__question" },
      h("span", { text: step.question || "", attrs: { lang } }),
      translationLine(step.question_translation, translated),
    ),
    h(
      "div",
      { class: "choices" },
      (step.options || []).map((option, i) =>
        h(
          "label",
          { class: "choice", htmlFor: `${name}-${i}` },
          h("input", { type: "radio", name, id: `${name}-${i}`, value: option.id, checked: given.fft === option.id }),
          h("span", { class: "fft__answer" }, h("span", { text: option.label, attrs: { lang } }), translationLine(option.translation, translated)),
        ),
      ),
    ),
  );
  // The follow-up is the service's own question, not NHS England's wording (only the question
  // and its six answers are), so it is asked in the phone's language, from the catalogue. The
  // server's why_prompt and why_note are these words in English.
  const why = textBox({
    label: t("Please tell us why you gave this answer."),
    hint: t("Please don't include names or personal details."),
    value: typeof given.why === "string" ? given.why : "",
    maxLength: Number(step.why_max_length) || 1000,
    multiline: true,
    rows: 4,
  });
  const extraGiven = given.extra && typeof given.extra === "object" ? given.extra : {};
  const extras = (step.extra || []).map((question) => [
    question.id,
    ratingGroup({
      legend: question.title,
      value: Number.isInteger(extraGiven[question.id]) ? extraGiven[question.id] : null,
      min: Number.isInteger(question.min) ? question.min : 0,
      max: Number.isInteger(question.max) ? question.max : 10,
      minLabel: question.min_label || "",
      maxLabel: question.max_label || "",
    }),
  ]);

  const form = answerForm(
    "answer-form--feedback",
    [
      fft,
      why.wrap,
      extras.map(([, group]) => group.fieldset),
      sendButton(t("Send feedback")),
    ],
    () => onSubmit(getValue()),
  );
  form.addEventListener("input", () => onChange(getValue()));

  function getValue() {
    const checked = fft.querySelector("input:checked");
    if (!checked) return null;
    const extra = {};
    for (const [id, group] of extras) {
      const n = group.getValue();
      if (n !== null) extra[id] = n;
    }
    return { fft: checked.value, why: why.input.value.trim(), extra };
  }

  return {
    form,
    getValue,
    setDisabled: (off) => disableAll(form, off),
    takesAnswers: true,
    texts: {
      empty: step.question ? t("Please choose an answer to \"{question}\" first.", { question: step.question }) : t("Please choose an answer to the first question first."),
      saved: t("Thank you. Your feedback is saved. You can change it until answers close."),
      changed: t("You changed your feedback. Press Send feedback to save it."),
    },
  };
}

register("feedback", "phone", {
  build,
  // The results are the Friends and Family Test answers: mark the person's own.
  shownAnswer: (mine) => (mine && typeof mine === "object" ? mine.fft : null),
});
