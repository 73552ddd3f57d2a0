// The list of steps: choose one to edit; move it with Alt + Up / Alt + Down (or the Move up
// and Move down buttons by the form). Arrow keys alone go to the step above or below.

import { t, plural } from "../common/messages.js";
import { h } from "../common/dom.js";
import { kindName } from "./kind-forms.js";

/**
 * listEl: an <ol>. steps: the draft's steps. selected: the index being edited.
 * counts: Map index -> problems. kept: Set of ids a copy must keep.
 * onSelect(i), onMove(i, by): what the buttons and keys do.
 */
export function renderStepList(listEl, { steps, selected, counts, kept, onSelect, onMove }) {
  const rows = steps.map((step, i) => {
    const valid = step && typeof step === "object";
    const title = valid && typeof step.title === "string" && step.title.trim() ? step.title.trim() : "(no title yet)";
    const n = counts.get(i) || 0;
    const button = h(
      "button",
      {
        type: "button",
        class: "step-item",
        attrs: { "aria-current": i === selected ? "step" : null, "aria-describedby": "steps-keys" },
      },
      h("span", { class: "step-item__number", text: `${i + 1}.` }),
      h("span", { class: "step-item__text" },
        h("span", { class: "step-item__kind", text: valid ? kindName(step.kind) : t("Step") }),
        h("span", { class: "step-item__title", text: title })),
      valid && step.locked ? h("span", { class: "tag tag--safety", text: kept.has(step.id) ? t("Locked (kept)") : t("Locked") }) : null,
      valid && step.library ? h("span", { class: "tag", text: t("Approved step") }) : null,
      n ? h("span", { class: "tag tag--problem", text: plural("{count} problem", "{count} problems", n) }) : null,
    );
    button.dataset.index = String(i);
    button.dataset.focusKey = `step-${i}`; // keepFocus finds the same place after a redraw
    button.addEventListener("click", () => onSelect(i));
    button.addEventListener("keydown", (event) => {
      if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
        event.preventDefault();
        onMove(i, event.key === "ArrowUp" ? -1 : 1);
      } else if (!event.altKey && !event.ctrlKey && !event.metaKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
        event.preventDefault();
        focusStep(listEl, i + (event.key === "ArrowUp" ? -1 : 1));
      }
    });
    return h("li", { class: `steps__item ${i === selected ? "steps__item--selected" : ""}` }, button);
  });
  listEl.replaceChildren(...rows);
}

export function focusStep(listEl, index) {
  const button = listEl.querySelector(`.step-item[data-index="${index}"]`);
  if (button) button.focus();
}

/** Update one step's title in the list as it is typed, without redrawing the list. */
export function retitle(listEl, index, title) {
  const el = listEl.querySelector(`.step-item[data-index="${index}"] .step-item__title`);
  if (el) el.textContent = title && title.trim() ? title.trim() : "(no title yet)";
}
