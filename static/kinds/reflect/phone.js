// Reflection: private writing, one box per prompt. The room never sees it. One
// prompt may be offered as an anonymous question to the physio.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";
import { textBox, checkBox, answerForm, sendButton, disableAll } from "../../participant/form-parts.js";
import { t, translationDrafted } from "../../common/messages.js";

const MAX_QUESTION = 280;
// What really happens to the words: kept for this person, never shown to the room; the physio
// is told only of a possible warning sign, with the name, and may then read the words.
const PRIVATE_NOTE = t(
  "This is for you: it is not shown to the group or on the screen, and the physio sees only how many people wrote something. If you mention a possible warning sign of a serious problem, the physio is told your name and the words that matched, so they can check on you, and they can then read what you wrote.",
);

// The same words as the help page's note (templates/participant/_drafted.html).
const DRAFTED_NOTE = t(
  "This translation has not yet been checked by a fluent speaker. If anything is unclear, ask the physio, or read it in English.",
);

function build(step, { value = null, onSubmit, onChange, ask } = {}) {
  const given = value && typeof value === "object" ? value : {};
  const prompts = Array.isArray(step.prompts) ? step.prompts : [];
  const boxes = [];
  const parts = [h("p", { class: "private-note", text: PRIVATE_NOTE })];
  if (translationDrafted) parts.push(h("p", { class: "translation-note", text: DRAFTED_NOTE }));
  let offer = null;
  let offerStatus = null;
  const asked = new Set();

  for (const prompt of prompts) {
    const box = textBox({
      label: prompt.label,
      value: typeof given[prompt.id] === "string" ? given[prompt.id] : "",
      maxLength: Number(step.max_length) || 1000,
      multiline: true,
      rows: 3,
    });
    boxes.push([prompt.id, box]);
    parts.push(box.wrap);
    if (prompt.id === step.question_prompt && typeof ask === "function") {
      offer = checkBox({
        label: t("Also send this question to the physio anonymously"),
        hint: t("The physio sees the question without your name. The rest stays private."),
      });
      offerStatus = h("p", { class: "offer-status", attrs: { role: "status" } });
      parts.push(offer.wrap, offerStatus);
    }
  }
  parts.push(sendButton(t("Save")));

  const form = answerForm("answer-form--reflect", parts, () => {
    const result = getValue();
    onSubmit(result);
    if (result && offer && offer.input.checked) sendQuestion();
  });
  form.addEventListener("input", () => onChange(getValue()));

  function sendQuestion() {
    const box = boxes.find(([id]) => id === step.question_prompt);
    const text = box ? box[1].input.value.trim() : "";
    if (!text) {
      offerStatus.textContent = t("Write your question in the box first.");
      return;
    }
    if (text.length > MAX_QUESTION) {
      offerStatus.textContent = t("A question can be up to {count} characters. Please make it shorter to send it.", { count: MAX_QUESTION });
      return;
    }
    if (asked.has(text)) return;
    asked.add(text);
    ask(text);
    offer.input.checked = false;
    offerStatus.textContent = t("Your question was sent to the physio, without your name.");
  }

  function getValue() {
    const result = {};
    for (const [id, box] of boxes) result[id] = box.input.value.trim();
    return Object.values(result).some(Boolean) ? result : null;
  }

  return {
    form,
    getValue,
    setDisabled: (off) => disableAll(form, off),
    takesAnswers: true,
    texts: {
      empty: t("Please write something in at least one box first."),
      saved: t("Saved. Only you can see it."),
      savedClosed: t("Saved. Only you can see it."),
      changed: t("You changed your writing. Press Save to keep it."),
    },
  };
}

register("reflect", "phone", { build });
