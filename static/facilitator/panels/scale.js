// A scale on the console, and for the "after" scale of a measure the change
// since "before", counted over people who answered both.

import { renderResults } from "../../common/results.js";
import { h } from "../../common/dom.js";

export function renderScalePanel(el, { step, results }) {
  renderResults(el, step, results);
  const c = results.change;
  if (!c) return;
  const mean = (m) => (m === null || m === undefined ? "–" : Number(m).toFixed(1));
  el.append(
    h(
      "p",
      { class: "change" },
      h("strong", { text: "Change: " }),
      `Before: mean ${mean(c.before_mean)} (${c.before_count}), after: mean ${mean(c.after_mean)} (${c.after_count}); ` +
        `of ${c.paired} who answered both: ${c.up} up, ${c.down} down, ${c.same} same.`,
    ),
  );
}
