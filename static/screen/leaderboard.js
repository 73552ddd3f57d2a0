// The leaderboard at the end of a class, only when the physio chose to show one: the best
// quiz scores, by nickname alone. Without one the element stays empty and hidden.

import { h, fill } from "../common/dom.js";

/** board: {of, entries: [{name, right}]} from the snapshot, or undefined. */
export function renderLeaderboard(el, board) {
  const entries = board && Array.isArray(board.entries) ? board.entries : [];
  el.hidden = !entries.length;
  if (!entries.length) {
    fill(el);
    return;
  }
  fill(
    el,
    h(
      "table",
      { class: "leaderboard__table" },
      h("caption", { text: `Quiz scores, out of ${board.of}` }),
      h("thead", {}, h("tr", {}, h("th", { attrs: { scope: "col" }, text: "Nickname" }), h("th", { attrs: { scope: "col" }, text: "Right" }))),
      h("tbody", {}, entries.map((e) => h("tr", {}, h("th", { attrs: { scope: "row" }, text: String(e.name) }), h("td", { text: String(e.right) })))),
    ),
  );
}
