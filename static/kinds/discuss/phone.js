// Discussion: which group you are in, who else is in it and the group's
// card(s). With report_back, the group can send one short note to the physio.
// In a self-paced session (solo) there is no group: every card is something
// to think about alone, and the note is the person's own thoughts.

import { register } from "../registry.js";
import { h, fill } from "../../common/dom.js";
import { textBox, answerForm, sendButton, disableAll } from "../../participant/form-parts.js";
import { t } from "../../common/messages.js";

const GROUP_TEXTS = {
  empty: t("Please write your group's note first."),
  saved: t("Your group's note is saved. You can change it until answers close."),
  changed: t("You changed the note. Press Send note to save it."),
};
const SOLO_TEXTS = {
  empty: t("Please write your thoughts first."),
  saved: t("Your thoughts are saved. You can change them until the session closes."),
  savedClosed: t("Your thoughts are saved."),
  changed: t("You changed your thoughts. Press Save my thoughts to keep them."),
};

function build(step, { value = null, onSubmit, onChange, group = null, myName = "", solo = false } = {}) {
  const groupBox = h("section", { class: "group-box", attrs: { "aria-labelledby": "group-heading" } });
  const parts = [groupBox];
  let form = null;
  let box = null;

  if (step.report_back) {
    box = textBox({
      label: solo ? t("Your thoughts") : t("Your group's note"),
      hint: solo
        ? t("A few words for the physio to read. Please don't include names.")
        : t("One idea from your group to share with the physio. Please don't include names."),
      value: typeof value === "string" ? value : "",
      maxLength: 500,
      multiline: true,
      rows: 4,
    });
    form = answerForm("answer-form--note", [box.wrap, sendButton(solo ? t("Save my thoughts") : t("Send note"))], () =>
      onSubmit(getValue()),
    );
    form.addEventListener("input", () => onChange(getValue()));
    parts.push(form);
  }
  const view = h("div", { class: "discuss" }, parts);
  setGroup(group, myName);

  function setGroup(current, me = myName) {
    if (solo || (current && current.solo)) {
      const cards = current && Array.isArray(current.cards) ? current.cards : [];
      fill(
        groupBox,
        h("h2", { id: "group-heading", text: cards.length === 1 ? t("Think about this") : t("Think about these") }),
        h("p", { text: t("On your own: take a moment with each one.") }),
        cards.length ? h("ul", { class: "cards" }, cards.map((card) => h("li", { class: "card-item", text: card.text }))) : null,
      );
      return;
    }
    if (!current) {
      fill(
        groupBox,
        h("h2", { id: "group-heading", text: t("Your group") }),
        h("p", { class: "waiting", text: t("Finding your group…") }),
      );
      return;
    }
    // Names can repeat in a room; drop one copy of our own.
    const others = [...(current.members || [])];
    const mine = others.indexOf(me);
    if (mine >= 0) others.splice(mine, 1);
    const cards = Array.isArray(current.cards) ? current.cards : [];
    fill(
      groupBox,
      h("h2", { id: "group-heading", class: "group-box__number", text: t("You are in group {number}", { number: current.number }) }),
      others.length
        ? h("p", {}, t("With:"), " ", h("strong", { text: joinNames(others) }))
        : h("p", { text: t("Nobody else is in your group yet.") }),
      cards.length ? h("h3", { text: cards.length === 1 ? t("Talk about this card") : t("Talk about these cards") }) : null,
      cards.length ? h("ul", { class: "cards" }, cards.map((card) => h("li", { class: "card-item", text: card.text }))) : null,
    );
  }

  function getValue() {
    if (!box) return null;
    const text = box.input.value.trim();
    return text ? text : null;
  }

  return {
    form: view,
    getValue,
    setDisabled: (off) => {
      if (form) disableAll(form, off);
    },
    setGroup,
    takesAnswers: Boolean(step.report_back),
    texts: solo ? SOLO_TEXTS : GROUP_TEXTS,
  };
}

function joinNames(names) {
  if (names.length <= 1) return names.join("");
  return t("{names} and {last}", { names: names.slice(0, -1).join(", "), last: names[names.length - 1] });
}

register("discuss", "phone", { build });
