// Word cloud on the console: every word with how many sent it, and a button to
// hide it from the room (or show it again).

import { register } from "../registry.js";
import { h, fill, people } from "../../common/dom.js";

function panel(el, { step, results, moderate }) {
  const words = results && Array.isArray(results.words) ? results.words : [];
  if (!words.length) {
    fill(el, h("p", { class: "muted", text: results ? `${people(results.total || 0)} answered. No words yet.` : "No words yet." }));
    return;
  }
  const hidden = words.filter((w) => w.hidden).length;
  fill(
    el,
    h("p", { text: `${people(results.total || 0)} sent words.${hidden ? ` ${hidden} hidden from the room.` : ""}` }),
    h(
      "ul",
      { class: "mod-list" },
      words.map((word) =>
        h(
          "li",
          { class: `mod-item${word.hidden ? " mod-item--hidden" : ""}` },
          h("span", { class: "mod-item__text" }, h("strong", { text: word.text }), ` × ${word.count}`),
          word.hidden ? h("span", { class: "tag tag--hidden", text: "Hidden" }) : null,
          h("button", {
            type: "button",
            class: "button button--secondary button--small",
            text: word.hidden ? "Show" : "Hide",
            attrs: { "data-focus-key": `word:${word.text}`, "aria-label": `${word.hidden ? "Show" : "Hide"} “${word.text}”` },
            on: { click: () => moderate(step.id, word.text, word.hidden ? "approve" : "hide") },
          }),
        ),
      ),
    ),
  );
}

register("wordcloud", "console", {
  label: "Word cloud",
  summary: (step) => `Word cloud, up to ${step.max_words} each`,
  panel,
});
