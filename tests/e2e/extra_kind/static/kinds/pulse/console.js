// A pulse on the console: its name, and the count of each answer.

import { register } from "../registry.js";
import { h, fill } from "../../common/dom.js";

function panel(el, { results }) {
  const counts = (results && results.counts) || {};
  fill(el, h("p", { class: "pulse-count", text: `${counts.yes || 0} yes, ${counts.no || 0} no` }));
}

register("pulse", "console", { label: "Pulse", summary: () => "Pulse, yes or no", panel });
