// Live reactions as counts, for the console and the screen: each reaction of the server's
// fixed set with its emoji, its word (what a screen reader says) and how many were sent.

import { h, said, PAGE_VOICES } from "./dom.js";

// The words of the server's fixed set (sessions/reactions.py), said in each voice; a reaction
// added there and not yet here is said in the server's English.
const WORDS = {
  agree: (v) => v.t("Agree"),
  helpful: (v) => v.t("Helpful"),
  surprised: (v) => v.t("Surprised"),
  confused: (v) => v.t("Confused"),
};

/** voices: the languages the words are said in (the screen's room languages); the page's
 *  own unless given. */
export function reactionCounts(view, className, voices = PAGE_VOICES) {
  const list = view && Array.isArray(view.reactions) ? view.reactions : [];
  return h(
    "ul",
    { class: className },
    list.map((r) =>
      h(
        "li",
        { class: `${className}__item`, attrs: { "data-reaction": r.id } },
        h("span", { class: `${className}__emoji`, text: r.emoji, attrs: { "aria-hidden": "true" } }),
        h("span", { class: `${className}__label` }, said(voices, (v) => (Object.hasOwn(WORDS, r.id) ? WORDS[r.id](v) : r.label))),
        h("span", { class: `${className}__count`, text: voices[0].formatNumber(Number(r.count) || 0) }),
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
