// Word cloud on the console: every word with how many sent it, and a button to
// hide it from the room (or show it again).

import { register } from "../registry.js";
import { h, fill } from "../../common/dom.js";
import { t, plural } from "../../common/messages.js";

function panel(el, { step, results, moderate }) {
  const words = results && Array.isArray(results.words) ? results.words : [];
  if (!words.length) {
    fill(el, h("p", { class: "muted", text: results ? plural("{count} person answered. No words yet.", "{count} people answered. No words yet.", results.total || 0) : t("No words yet.") }));
    return;
  }
  const hidden = words.filter((w) => w.hidden).length;
  fill(
    el,
    h("p", {
      text: [plural("{count} person sent words.", "{count} people sent words.", results.total || 0), hidden ? t("{count} hidden from the room.", { count: hidden }) : ""].filter(Boolean).join(" "),
    }),
    h(
      "ul",
      { class: "mod-list" },
      words.map((word) =>
        h(
          "li",
          { class: `mod-item${word.hidden ? " mod-item--hidden" : ""}` },
          h("span", { class: "mod-item__text" }, h("strong", { text: word.text }), ` × ${word.count}`),
          word.hidden ? h("span", { class: "tag tag--hidden", text: t("Hidden") }) : null,
          h("button", {
            type: "button",
            class: "button button--secondary button--small",
            text: word.hidden ? t("Show") : t("Hide"),
            attrs: { "data-focus-key": `word:${word.text}`, "aria-label": word.hidden ? t("Show “{word}”", { word: word.text }) : t("Hide “{word}”", { word: word.text }) },
            on: { click: () => moderate(step.id, word.text, word.hidden ? "approve" : "hide") },
          }),
        ),
      ),
    ),
  );
}

register("wordcloud", "console", {
  label: t("Word cloud"),
  summary: (step) => t("Word cloud, up to {count} each", { count: step.max_words }),
  panel,
});
