// A scale on the projector: what its two ends mean.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";

function question(step) {
  return h(
    "div",
    {},
    h(
      "p",
      { class: "scale-ends" },
      h("span", {}, h("strong", { text: String(step.min) }), ` = ${step.min_label || ""}`),
      h("span", {}, h("strong", { text: String(step.max) }), ` = ${step.max_label || ""}`),
    ),
  );
}

register("scale", "screen", { question });
