// A number in the editor: its range, its unit and how many decimals an answer may have.

import { register } from "../registry.js";

function fields(step, where, kit) {
  return [
    kit.h("div", { class: "field-row" },
      kit.number(step, where, "min", "Lowest answer", "Such as 0."),
      kit.number(step, where, "max", "Highest answer", "More than the lowest.")),
    kit.text(step, where, "unit", "Unit", { hint: "What the number counts, such as “minutes”. Up to 30 characters. Optional." }),
    kit.number(step, where, "decimals", "Digits after the point", "0 for whole numbers (the usual); up to 3."),
  ];
}

function start(step) {
  Object.assign(step, { min: 0, max: 100 });
}

register("numeric", "editor", { label: "Number", asksQuestion: true, start, fields });
