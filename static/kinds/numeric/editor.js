// A number in the editor: its range, its unit and how many decimals an answer may have.

import { t } from "../../common/messages.js";
import { register } from "../registry.js";

function fields(step, where, kit) {
  return [
    kit.h("div", { class: "field-row" },
      kit.number(step, where, "min", t("Lowest answer"), t("Such as 0.")),
      kit.number(step, where, "max", t("Highest answer"), t("More than the lowest."))),
    kit.text(step, where, "unit", t("Unit"), { hint: t("What the number counts, such as “minutes”. Up to 30 characters. Optional.") }),
    kit.number(step, where, "decimals", t("Digits after the point"), t("0 for whole numbers (the usual); up to 3.")),
  ];
}

function start(step) {
  Object.assign(step, { min: 0, max: 100 });
}

register("numeric", "editor", { label: t("Number"), asksQuestion: true, start, fields });
