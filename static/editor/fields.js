// Form fields for the editor. Each control carries data-where, the path the server names in a
// problem (steps[2].options[1].label), so a problem finds its field. Every control has a
// visible label; hints and problems are tied to it with aria-describedby.

import { t } from "../common/messages.js";
import { h } from "../common/dom.js";

let counter = 0;
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * A labelled text box. kind: "line" (input), "text" (textarea) or "number".
 * onInput(value) gets the text as typed ("" when empty). -> wrapper element
 */
export function textField({ label, where, value, onInput, kind = "line", hint = "", rows = 4, readOnly = false, maxLength = 0, list = "" }) {
  const id = uid("f");
  const hintId = hint ? `${id}-hint` : null;
  const shown = value === undefined || value === null ? "" : String(value);
  const input =
    kind === "text"
      ? h("textarea", { id, class: "input input--area", rows, value: shown })
      : h("input", {
          id,
          class: `input ${kind === "number" ? "input--number" : "input--wide"}`,
          type: "text",
          value: shown,
          autocomplete: "off",
          attrs: { inputmode: kind === "number" ? "decimal" : null, list: list || null },
        });
  input.dataset.where = where;
  input.readOnly = readOnly;
  if (maxLength) input.maxLength = maxLength;
  if (hintId) input.setAttribute("aria-describedby", hintId);
  input.addEventListener("input", () => onInput(input.value));
  return h(
    "div",
    { class: "field", attrs: { "data-field": where } },
    h("label", { class: "label", htmlFor: id, text: label }),
    hint ? h("span", { class: "hint", id: hintId, text: hint }) : null,
    input,
  );
}

/** A checkbox with its label beside it; labelMore is heard, not seen. onChange(checked) */
export function checkField({ label, where, checked, onChange, hint = "", disabled = false, labelMore = "" }) {
  const id = uid("c");
  const hintId = hint ? `${id}-hint` : null;
  const input = h("input", { id, type: "checkbox", class: "checkbox__input", checked: Boolean(checked), disabled });
  input.dataset.where = where;
  if (hintId) input.setAttribute("aria-describedby", hintId);
  input.addEventListener("change", () => onChange(input.checked));
  return h(
    "div",
    { class: "field checkbox", attrs: { "data-field": where } },
    input,
    h("label", { class: "checkbox__label", htmlFor: id }, label, labelMore ? h("span", { class: "visually-hidden", text: ` ${labelMore}` }) : null),
    hint ? h("span", { class: "hint", id: hintId, text: hint }) : null,
  );
}

/** A select. options: [{value, label}]; onChange(value) */
export function selectField({ label, where, value, options, onChange, hint = "" }) {
  const id = uid("s");
  const hintId = hint ? `${id}-hint` : null;
  const select = h(
    "select",
    { id, class: "input" },
    options.map((o) => h("option", { value: o.value, text: o.label, selected: o.value === value })),
  );
  select.dataset.where = where;
  if (hintId) select.setAttribute("aria-describedby", hintId);
  select.addEventListener("change", () => onChange(select.value));
  return h(
    "div",
    { class: "field", attrs: { "data-field": where } },
    h("label", { class: "label", htmlFor: id, text: label }),
    hint ? h("span", { class: "hint", id: hintId, text: hint }) : null,
    select,
  );
}

/** "3" -> 3, "1.5" -> 1.5, "" -> undefined (the default), anything else as typed (the server
 * then says what is wrong with it). */
export function toNumber(text) {
  const trimmed = String(text).trim();
  if (trimmed === "") return undefined;
  if (/^-?\d+$/.test(trimmed)) return Number.parseInt(trimmed, 10);
  if (/^-?\d*\.\d+$/.test(trimmed)) return Number.parseFloat(trimmed);
  return trimmed;
}

/** Set or, when undefined or "", remove a key: a default is left out of the deck. */
export function setOrDrop(object, key, value) {
  if (value === undefined || value === "" || value === false) delete object[key];
  else object[key] = value;
}

/**
 * A list of items (options, cards, prompts, questions) edited in place: each row has its own
 * fields and Move up, Move down and Remove buttons; an Add button below.
 * items: the array (changed in place); renderItem(item, i) -> element;
 * newItem() -> item; onChange(): after any change of order or length; limits {min, max}.
 */
export function listEditor({ legend, where, items, renderItem, newItem, noun, onChange, min = 0, max = 99, hint = "" }) {
  const hintId = hint ? uid("lh") : null;
  const fieldset = h("fieldset", { class: "list-editor", attrs: { "data-field": where, "aria-describedby": hintId } });
  fieldset.dataset.where = where;
  function draw(focusIndex = null, focusWhat = null) {
    const rows = items.map((item, i) => {
      const up = h("button", { type: "button", class: "button button--secondary button--small", text: t("Move up"), disabled: i === 0 });
      const down = h("button", { type: "button", class: "button button--secondary button--small", text: t("Move down"), disabled: i === items.length - 1 });
      const remove = h("button", { type: "button", class: "button button--link button--small", text: t("Remove"), disabled: items.length <= min });
      for (const [button, what] of [[up, "up"], [down, "down"], [remove, "remove"]]) {
        button.setAttribute("aria-label", `${button.textContent}: ${noun} ${i + 1}`);
        button.dataset.what = what;
      }
      up.addEventListener("click", () => move(i, -1));
      down.addEventListener("click", () => move(i, 1));
      remove.addEventListener("click", () => {
        items.splice(i, 1);
        onChange();
        draw(Math.min(i, items.length - 1), "first");
      });
      const row = h("li", { class: "list-editor__item" }, renderItem(item, i), h("div", { class: "list-editor__buttons" }, up, down, remove));
      return row;
    });
    const add = h("button", { type: "button", class: "button button--secondary", text: t("Add {thing}", { thing: noun }), disabled: items.length >= max });
    add.addEventListener("click", () => {
      items.push(newItem());
      onChange();
      draw(items.length - 1, "first");
    });
    fieldset.replaceChildren(
      h("legend", { class: "label", text: legend }),
      hint ? h("span", { class: "hint", id: hintId, text: hint }) : null,
      h("ol", { class: "list-editor__items" }, rows),
      add,
    );
    if (focusIndex !== null && focusIndex >= 0) {
      const row = fieldset.querySelectorAll(".list-editor__item")[focusIndex];
      const target = row && (focusWhat === "first" ? row.querySelector("input, textarea") : row.querySelector(`[data-what="${focusWhat}"]`));
      if (target && !target.disabled) target.focus();
      else if (row) (row.querySelector("input, textarea") || add).focus();
    }
  }
  function move(i, by) {
    const j = i + by;
    if (j < 0 || j >= items.length) return;
    [items[i], items[j]] = [items[j], items[i]];
    onChange();
    draw(j, by < 0 ? "up" : "down");
  }
  draw();
  return fieldset;
}

/** The smallest "<prefix>-<n>" not yet among ids. */
export function freshId(prefix, ids) {
  const taken = new Set(ids);
  for (let n = 1; ; n += 1) {
    const id = `${prefix}-${n}`;
    if (!taken.has(id)) return id;
  }
}
