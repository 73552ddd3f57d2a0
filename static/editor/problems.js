// Problems from the server, shown where they are: next to their field (with aria-invalid and
// aria-describedby), counted on each step in the list, and all together in a summary whose
// entries take you to the field. The words are the deck loader's own.

import { t, plural } from "../common/messages.js";
import { h } from "../common/dom.js";

// The names of a list's items, in the page's language; a field's own key stays as the file has it.
const ITEM_NAMES = { options: () => t("option"), cards: () => t("card"), prompts: () => t("prompt"), extra: () => t("question") };

/** steps[3].options[1].label -> 3 (or null for the deck's own fields). */
export function stepOf(where) {
  const match = /^steps\[(\d+)\]/.exec(where);
  return match ? Number(match[1]) : null;
}

/** "steps[3].options[1].label" -> "Step 4, option 2, label" */
export function describe(where) {
  const index = stepOf(where);
  const rest = index === null ? where : where.replace(/^steps\[\d+\]\.?/, "");
  const words = rest
    .split(".")
    .filter(Boolean)
    .map((part) => {
      const item = /^(\w+)\[(\d+)\]$/.exec(part);
      if (item) return `${ITEM_NAMES[item[1]] ? ITEM_NAMES[item[1]]() : item[1]} ${Number(item[2]) + 1}`;
      return part.replace(/_/g, " ");
    });
  if (index !== null) words.unshift(t("Step {number}", { number: index + 1 }));
  else if (where === "steps") return t("Steps");
  return words.join(", ") || t("Deck");
}

/** Count of problems per step index. */
export function countByStep(problems) {
  const counts = new Map();
  for (const p of problems) {
    const i = stepOf(p.where);
    if (i !== null) counts.set(i, (counts.get(i) || 0) + 1);
  }
  return counts;
}

function parentOf(where) {
  const trimmed = where.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
  return trimmed === where ? null : trimmed;
}

function find(root, where) {
  for (let path = where; path; path = parentOf(path)) {
    const control = root.querySelector(`[data-where="${CSS.escape(path)}"]:not(fieldset)`);
    if (control) return { control, container: control.closest(".field") };
    const container = root.querySelector(`[data-field="${CSS.escape(path)}"]`);
    if (container) return { control: null, container };
  }
  return null;
}

/** Put each problem by its field inside root; clears the last ones first. */
export function markFields(root, problems) {
  for (const old of root.querySelectorAll(".field-problem")) old.remove();
  for (const control of root.querySelectorAll("[aria-invalid]")) {
    control.removeAttribute("aria-invalid");
    restoreDescribedBy(control);
  }
  problems.forEach((problem, n) => {
    const found = find(root, problem.where);
    if (!found || !found.container) return;
    const id = `problem-${n}`;
    const message = h("span", { class: "error-text field-problem", id }, h("span", { class: "visually-hidden", text: t("Problem: ") }), problem.problem);
    const { container, control } = found;
    const legend = container.querySelector(":scope > legend, :scope > .hint");
    const anchor = control && control.parentElement === container ? control : null;
    if (anchor) container.insertBefore(message, anchor);
    else if (legend) legend.after(message);
    else container.prepend(message);
    const target = control || container.querySelector("input, textarea, select");
    if (target) {
      target.setAttribute("aria-invalid", "true");
      if (target.dataset.describedby === undefined) target.dataset.describedby = target.getAttribute("aria-describedby") || "";
      target.setAttribute("aria-describedby", `${target.getAttribute("aria-describedby") || ""} ${id}`.trim());
    }
  });
}

function restoreDescribedBy(control) {
  if (control.dataset.describedby === undefined) return;
  if (control.dataset.describedby) control.setAttribute("aria-describedby", control.dataset.describedby);
  else control.removeAttribute("aria-describedby");
  delete control.dataset.describedby;
}

/** The summary: every problem, each a button that goes to its step and field. */
export function renderSummary(box, problems, goTo) {
  box.hidden = problems.length === 0;
  if (!problems.length) {
    box.replaceChildren();
    return;
  }
  box.replaceChildren(
    h("h2", { class: "problems__heading", text: plural("{count} problem to fix", "{count} problems to fix", problems.length) }),
    h("p", { class: "hint", text: t("Sessions use the last version without problems until these are fixed. Your draft is still saved.") }),
    h(
      "ul",
      { class: "problems__list" },
      problems.map((problem) => {
        const button = h("button", { type: "button", class: "button button--link problems__go" },
          h("strong", { text: describe(problem.where) }), `: ${problem.problem}`);
        button.addEventListener("click", () => goTo(problem.where));
        return h("li", {}, button, " ", h("code", { class: "problems__where", text: problem.where }));
      }),
    ),
  );
}

/** Focus the field a problem names (after its step's form is on the page). */
export function focusField(root, where) {
  const found = find(root, where);
  if (!found) return false;
  const target = found.control || found.container.querySelector("input, textarea, select, button");
  if (!target) return false;
  target.focus();
  target.scrollIntoView({ block: "center" });
  return true;
}
