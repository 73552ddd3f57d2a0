// Feedback on the console: the Friends and Family Test answers as bars, the
// % positive and negative, any extra ratings and the comments (without names).

import { register } from "../registry.js";
import { renderResults } from "../../common/results.js";
import { h, fill } from "../../common/dom.js";
import { t, formatNumber } from "../../common/messages.js";

function panel(el, { step, results }) {
  if (!results || !results.counts) {
    fill(el, h("p", { class: "muted", text: t("No answers yet.") }));
    return;
  }
  const bars = h("div");
  renderResults(bars, step, results);
  const extra = (step.extra || []).map((q) => {
    const r = (results.extra || {})[q.id] || {};
    const mean =
      r.mean === null || r.mean === undefined
        ? t("no answers yet")
        : t("average {mean} out of 10 ({count})", { mean: formatNumber(Number(r.mean), { minimumFractionDigits: 1, maximumFractionDigits: 1 }), count: r.count });
    return h("li", {}, h("strong", { text: `${q.title}:` }), " ", mean);
  });
  const comments = Array.isArray(results.comments) ? results.comments : [];
  fill(
    el,
    bars,
    extra.length ? h("ul", { class: "extra-list" }, extra) : null,
    h("h3", { text: t("Comments ({count})", { count: comments.length }) }),
    comments.length
      ? h("ul", { class: "comments" }, comments.map((text) => h("li", { text })))
      : h("p", { class: "muted", text: t("No comments yet.") }),
  );
}

function details(step) {
  return step.question ? [h("p", { class: "fft-question" }, h("strong", { text: step.question }))] : [];
}

register("feedback", "console", { label: t("Feedback"), details, panel });
