// Feedback in the editor: the extra rating questions after the fixed Friends and Family Test.

import { t, deckText } from "../../common/messages.js";
import { register } from "../registry.js";

function fields(step, where, kit) {
  const { h, textField, listEditor, freshId, setOrDrop } = kit;
  if (!Array.isArray(step.extra)) step.extra = []; // the same as none
  const extra = step.extra;
  const list = listEditor({
    legend: t("Extra rating questions (0 to 10)"),
    hint: t("Up to 5, asked after the Friends and Family Test question."),
    noun: t("question"),
    max: 5,
    where: `${where}.extra`,
    items: extra,
    newItem: () => ({ id: freshId("question", extra.map((q) => q.id)), title: "" }),
    onChange: () => kit.changed({ structure: "extra" }),
    renderItem: (item, i) =>
      h("div", { class: "list-editor__fields" },
        ["title", "min_label", "max_label"].map((key) =>
          textField({
            label: { title: t("Question {number}", { number: i + 1 }), min_label: t("Words for 0"), max_label: t("Words for 10") }[key],
            where: `${where}.extra[${i}].${key}`,
            value: item[key],
            onInput: (v) => {
              if (key === "title") item.title = v;
              else setOrDrop(item, key, v);
              kit.changed();
            },
          }))),
  });
  return [
    h("p", { class: "hint", text: t("The Friends and Family Test question and its answers are fixed, word for word.") }),
    list,
  ];
}

function start(step) {
  step.title = deckText("Your feedback");
}

register("feedback", "editor", { label: t("Feedback (Friends and Family Test)"), start, fields });
