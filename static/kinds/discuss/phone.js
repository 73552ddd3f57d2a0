// Discussion: which group you are in, who else is in it and the group's
// card(s). With report_back, the group can send one short note to the physio.
// In a self-paced session (solo) there is no group: every card is something
// to think about alone, and the note is the person's own thoughts.

import { register } from "../registry.js";
import { h, fill } from "../../common/dom.js";
import { textBox, answerForm, sendButton, disableAll } from "../../participant/form-parts.js";

const GROUP_TEXTS = {
  empty: "Please write your group's note first.",
  saved: "Your group's note is saved. You can change it until answers close.",
  changed: "You changed the note. Press Send note to save it.",
};
const SOLO_TEXTS = {
  empty: "Please write your thoughts first.",
  saved: "Your thoughts are saved. You can change them until the session closes.",
  savedClosed: "Your thoughts are saved.",
  changed: "You changed your thoughts. Press Save my thoughts to keep them.",
};

function build(step, { value = null, onSubmit, onChange, group = null, myName = "", solo = false } = {}) {
  const groupBox = h("section", { class: "group-box", attrs: { "aria-labelledby": "group-heading" } });
  const parts = [groupBox];
  let form = null;
  let box = null;

  if (step.report_back) {
    box = textBox({
      label: solo ? "Your thoughts" : "Your group's note",
      hint: solo
        ? "A few words for the physio to read. Please don't include names."
        : "One idea from your group to share with the physio. Please don't include names.",
      value: typeof value === "string" ? value : "",
      maxLength: 500,
      multiline: true,
      rows: 4,
    });
    form = answerForm("answer-form--note", [box.wrap, sendButton(solo ? "Save my thoughts" : "Send note")], () =>
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
        h("h2", { id: "group-heading", text: cards.length === 1 ? "Think about this" : "Think about these" }),
        h("p", { text: "On your own: take a moment with each one." }),
        cards.length ? h("ul", { class: "cards" }, cards.map((card) => h("li", { class: "card-item", text: card.text }))) : null,
      );
      return;
    }
    if (!current) {
      fill(
        groupBox,
        h("h2", { id: "group-heading", text: "Your group" }),
        h("p", { class: "waiting", text: "Finding your group…" }),
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
      h("h2", { id: "group-heading", class: "group-box__number", text: `You are in group ${current.number}` }),
      others.length
        ? h("p", {}, "With: ", h("strong", { text: joinNames(others) }))
        : h("p", { text: "Nobody else is in your group yet." }),
      cards.length ? h("h3", { text: cards.length === 1 ? "Talk about this card" : "Talk about these cards" }) : null,
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
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

register("discuss", "phone", { build });
