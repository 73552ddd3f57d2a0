// A self-paced session on the console: how many people are on each step, and a
// way to choose a question and see its answers. Every count is written out;
// the bar only repeats it for a quick look.

import { h, fill } from "../common/dom.js";
import { t, plural } from "../common/messages.js";
import { kindLabel } from "./stage.js";

export class ProgressPanel {
  /** list: the <ol>; summary: the line of totals; onChoose(entry) when a question is chosen. */
  constructor(list, summary, { onChoose }) {
    this.list = list;
    this.summary = summary;
    this.onChoose = onChoose;
    this.key = "";
    this.rows = new Map(); // step index -> {count, fill, button}
    this.chosen = null;
    list.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-step-id]");
      if (!button) return;
      const entry = this.outline.find((s) => s.id === button.dataset.stepId);
      if (entry) this.onChoose(entry);
    });
  }

  update(outline, progress, joined) {
    if (!Array.isArray(outline)) return;
    this.outline = outline;
    const key = outline.map((s) => s.id).join("|");
    if (key !== this.key) this.build(outline);
    const counts = outline.map((_, i) => Number((progress || [])[i] || 0));
    const total = Math.max(Number(joined) || 0, counts.reduce((a, b) => a + b, 0));
    for (const entry of outline) {
      const row = this.rows.get(entry.index);
      const n = counts[entry.index];
      row.count.textContent = plural("{count} person here", "{count} people here", n);
      row.fill.style.width = `${total ? Math.round((n / total) * 100) : 0}%`;
      row.item.classList.toggle("progress-step--empty", n === 0);
    }
    const last = counts.length ? counts[counts.length - 1] : 0;
    this.summary.textContent = total
      ? [plural("{count} person joined.", "{count} people joined.", total), plural("{count} is on the last step.", "{count} are on the last step.", last)].join(" ")
      : t("Nobody has joined yet.");
    this.mark();
  }

  /** Show which question's answers are open in the results card. */
  choose(stepId) {
    this.chosen = stepId;
    this.mark();
  }

  mark() {
    for (const button of this.list.querySelectorAll("button[data-step-id]")) {
      button.setAttribute("aria-pressed", String(button.dataset.stepId === this.chosen));
    }
  }

  build(outline) {
    this.key = outline.map((s) => s.id).join("|");
    this.rows.clear();
    fill(
      this.list,
      outline.map((entry) => {
        const count = h("span", { class: "progress-step__count" });
        const bar = h("span", { class: "progress-step__fill" });
        const title = [
          h("span", { class: "progress-step__number", text: `${entry.index + 1}.` }),
          h("span", { class: "progress-step__title", text: entry.title }),
          h("span", { class: "progress-step__kind", text: kindLabel(entry) }),
        ];
        // Slides take no answers, so there is nothing to open.
        const head =
          !entry.is_activity
            ? h("span", { class: "progress-step__head" }, title)
            : h(
                "button",
                {
                  type: "button",
                  class: "progress-step__head progress-step__choose",
                  attrs: { "data-step-id": entry.id, "aria-pressed": "false", "aria-describedby": `progress-count-${entry.index}` },
                },
                title,
                h("span", { class: "visually-hidden", text: t(": see the answers") }),
              );
        count.id = `progress-count-${entry.index}`;
        const item = h(
          "li",
          { class: "progress-step", attrs: { "data-index": entry.index } },
          head,
          h("span", { class: "progress-step__where" }, count, h("span", { class: "progress-step__track", attrs: { "aria-hidden": "true" } }, bar)),
        );
        this.rows.set(entry.index, { count, fill: bar, item });
        return item;
      }),
    );
  }
}
