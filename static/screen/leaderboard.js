// The leaderboard at the end of a class, only when the physio chose to show one: the best
// quiz scores, by nickname alone. Without one the element stays empty and hidden. Its own words
// are said in each room language.

import { h, fill, said } from "../common/dom.js";

/** board: {of, entries: [{name, right}]} from the snapshot, or undefined; voices: the room
 *  languages (static/screen/room-words.js), the first first. */
export function renderLeaderboard(el, board, voices) {
  const entries = board && Array.isArray(board.entries) ? board.entries : [];
  el.hidden = !entries.length;
  if (!entries.length) {
    fill(el);
    return;
  }
  const column = (say) => h("th", { attrs: { scope: "col" } }, said(voices, say));
  fill(
    el,
    h(
      "table",
      { class: "leaderboard__table" },
      h("caption", {}, said(voices, (v) => v.t("Quiz scores, out of {count}", { count: v.formatNumber(Number(board.of) || 0) }))),
      h("thead", {}, h("tr", {}, column((v) => v.t("Nickname")), column((v) => v.t("Right")))),
      h("tbody", {}, entries.map((e) => h("tr", {}, h("th", { attrs: { scope: "row" }, text: String(e.name) }), h("td", { text: String(e.right) })))),
    ),
  );
}
