// Live reactions as counts, for the console and the screen: each reaction of the server's
// fixed set with its emoji, its word (what a screen reader says) and how many were sent.

import { h } from "./dom.js";

export function reactionCounts(view, className) {
  const list = view && Array.isArray(view.reactions) ? view.reactions : [];
  return h(
    "ul",
    { class: className },
    list.map((r) =>
      h(
        "li",
        { class: `${className}__item`, attrs: { "data-reaction": r.id } },
        h("span", { class: `${className}__emoji`, text: r.emoji, attrs: { "aria-hidden": "true" } }),
        h("span", { class: `${className}__label`, text: r.label }),
        h("span", { class: `${className}__count`, text: String(Number(r.count) || 0) }),
      ),
    ),
  );
}

/** How many more of each reaction `view` has than `before` had, when both are of one step. */
export function newReactions(before, view) {
  if (!before || !view || before.step_id !== view.step_id) return [];
  const had = new Map((before.reactions || []).map((r) => [r.id, Number(r.count) || 0]));
  return (view.reactions || [])
    .map((r) => ({ ...r, more: (Number(r.count) || 0) - (had.get(r.id) || 0) }))
    .filter((r) => r.more > 0);
}
