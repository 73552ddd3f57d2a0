// A ranking in the editor: the options people put in order.

import { t } from "../../common/messages.js";
import { register } from "../registry.js";

function fields(step, where, kit) {
  return [
    kit.items(step, where, "options", {
      legend: t("Options to put in order"),
      noun: t("option"),
      textKey: "label",
      prefix: "option",
      min: 2,
      max: 8,
      hint: t("2 to 8 things. Phones show them in this order to start with."),
      pictures: true,
    }),
  ];
}

function start(step) {
  step.options = [{ id: "option-1", label: "" }, { id: "option-2", label: "" }, { id: "option-3", label: "" }];
}

register("rank", "editor", { label: t("Ranking"), asksQuestion: true, start, fields });
