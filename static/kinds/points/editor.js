// A points step in the editor: the options, and how many points each person shares out.

import { t } from "../../common/messages.js";
import { register } from "../registry.js";

function fields(step, where, kit) {
  return [
    kit.items(step, where, "options", {
      legend: t("Options to share the points between"),
      noun: t("option"),
      textKey: "label",
      prefix: "option",
      min: 2,
      max: 8,
      hint: t("2 to 8 things."),
      pictures: true,
    }),
    kit.number(step, where, "budget", t("Points each person shares out"), t("10 to 1000; 100 if left empty.")),
  ];
}

function start(step) {
  step.options = [{ id: "option-1", label: "" }, { id: "option-2", label: "" }, { id: "option-3", label: "" }];
}

register("points", "editor", { label: t("Points (share 100)"), asksQuestion: true, start, fields });
