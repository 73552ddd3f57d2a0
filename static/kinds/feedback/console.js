// Feedback on the console: the Friends and Family Test answers as bars, the
// % positive and negative, any extra ratings and the comments (without names).

import { register } from "../registry.js";
import { renderResults } from "../../common/results.js";
import { h, fill } from "../../common/dom.js";

function panel(el, { step, results }) {
  if (!results || !results.counts) {
    fill(el, h("p", { class: "muted", text: "No answers yet." }));
    return;
  }
  const bars = h("div");
  renderResults(bars, step, results);
  const extra = (step.extra || []).map((q) => {
    const r = (results.extra || {})[q.id] || {};
    const mean = r.mean === null || r.mean === undefined ? "no answers yet" : `average ${Number(r.mean).toFixed(1)} out of 10 (${r.count})`;
    return h("li", {}, h("strong", { text: `${q.title}: ` }), mean);
  });
  const comments = Array.isArray(results.comments) ? results.comments : [];
  fill(
    el,
    bars,
    extra.length ? h("ul", { class: "extra-list" }, extra) : null,
    h("h3", { text: `Comments (${comments.length})` }),
    comments.length
      ? h("ul", { class: "comments" }, comments.map((text) => h("li", { text })))
      : h("p", { class: "muted", text: "No comments yet." }),
  );
}

function details(step) {
  return step.question ? [h("p", { class: "fft-question" }, h("strong", { text: step.question }))] : [];
}

register("feedback", "console", { label: "Feedback", details, panel });
