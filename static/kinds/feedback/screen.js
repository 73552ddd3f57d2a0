// Feedback on the projector: the Friends and Family Test question and its answers, as a phone in
// each room language is asked them (docs/languages.md): NHS England's English unless the deck's
// translation is the official wording, marked `lang` when it is not the column's language, and
// an unofficial translation beneath, marked as one.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";
import { choiceList } from "../../screen/choices.js";

function translationLine(text, language, voice) {
  if (!text) return null;
  return h(
    "span",
    { class: "fft__translation" },
    h("span", { class: "fft__translation-mark", text: voice.t("Translation:") }),
    " ",
    h("span", { text, attrs: { lang: language } }),
  );
}

function question(step, snap, correct, voices) {
  if (!step.fft_language) return h("div", {}, step.question ? h("p", { class: "fft-question", text: step.question }) : null, choiceList(step, correct, voices));
  const [voice] = voices; // a translation's wording is drawn in its own room language's column
  const lang = step.fft_language !== voice.code ? step.fft_language : null;
  const translated = step.translation_language || null;
  const options = Array.isArray(step.options) ? step.options : [];
  return h(
    "div",
    {},
    h("p", { class: "fft-question" }, h("span", { text: step.question || "", attrs: { lang } }), translationLine(step.question_translation, translated, voice)),
    h(
      "ul",
      { class: `choices ${options.length > 4 ? "choices--many" : ""}` },
      options.map((option) => h("li", { class: "choice" }, h("span", { text: option.label, attrs: { lang } }), translationLine(option.translation, translated, voice))),
    ),
  );
}

register("feedback", "screen", { question });
