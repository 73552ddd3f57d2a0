// A scale in the editor: its ends, their words, and the measure it shares with another scale.

import { t } from "../../common/messages.js";
import { register } from "../registry.js";

function fields(step, where, kit) {
  const { h, textField } = kit;
  const measures = [...new Set(kit.draft.steps.filter((s) => s.kind === step.kind && s.measure && s !== step).map((s) => s.measure))];
  const listId = `measures-${Math.random().toString(36).slice(2)}`;
  return [
    h("div", { class: "field-row" },
      kit.number(step, where, "min", t("Lowest number"), t("Usually 0.")),
      kit.number(step, where, "max", t("Highest number"), t("Usually 10; up to 20 more than the lowest."))),
    kit.text(step, where, "min_label", t("Words for the lowest"), { hint: t("Such as “Not at all”.") }),
    kit.text(step, where, "max_label", t("Words for the highest"), { hint: t("Such as “Completely”.") }),
    h("datalist", { id: listId }, measures.map((m) => h("option", { value: m }))),
    textField({
      label: t("Measure (for before and after)"),
      hint: t("Give two scales the same short name, such as confidence, to compare before and after. Lowercase letters, digits and hyphens."),
      where: `${where}.measure`,
      value: step.measure,
      list: listId,
      onInput: (v) => kit.set(step, "measure", v.trim()),
    }),
  ];
}

function start(step) {
  Object.assign(step, { min: 0, max: 10 });
}

register("scale", "editor", { label: t("Scale (0 to 10)"), asksQuestion: true, start, fields });
