// The fields each kind of step has, as forms: the kind's editor part (in ../kinds/) draws
// them with the field kit below. Each form edits `step` in place and calls ctx.changed().

import { t } from "../common/messages.js";
import "../kinds/editor.js";
import { partOf, kindsWith } from "../kinds/registry.js";
import { h } from "../common/dom.js";
import { textField, checkField, selectField, listEditor, toNumber, setOrDrop, freshId } from "./fields.js";
import { imageField } from "./images.js";

/** Every kind a new step may be, in the order the editor offers them: [name, words]. */
export function kindChoices() {
  return kindsWith("editor").map((kind) => [kind, kindName(kind)]);
}

/** A kind's name in words, as the editor says it. */
export function kindName(kind) {
  return partOf(kind, "editor").label || String(kind);
}

/** Whether the step's title is the question people answer. */
export function asksQuestion(step) {
  return Boolean(partOf(step, "editor").asksQuestion);
}

/** A new step of a kind: what it needs to be valid, or nearly (labels to fill in). */
export function newStep(kind, ids) {
  const step = { id: freshId(kind, ids), kind, title: "" };
  const { start } = partOf(kind, "editor");
  if (start) start(step);
  return step;
}

export function kindFields(step, where, ctx) {
  const { fields } = partOf(step, "editor");
  return fields ? fields(step, where, fieldKit(ctx)) : [h("p", { class: "muted", text: t("This kind of step has no more fields.") })];
}

/** What a kind's editor part draws its fields with; each field edits `step[key]` in place. */
function fieldKit(ctx) {
  return {
    h,
    textField,
    checkField,
    selectField,
    listEditor,
    freshId,
    setOrDrop,
    draft: ctx.draft,
    changed: (what) => ctx.changed(what),
    set: (step, key, value) => setField(ctx, step, key, value),
    number: (...args) => numberField(ctx, ...args),
    text: (...args) => text(ctx, ...args),
    check: (...args) => check(ctx, ...args),
    items: (...args) => items(ctx, ...args),
    image: (step, where, owner) => imageField(step, where, ctx, { owner }),
  };
}

function setField(ctx, step, key, value) {
  setOrDrop(step, key, value);
  ctx.changed();
}

function numberField(ctx, step, where, key, label, hint) {
  return textField({
    label,
    hint,
    where: `${where}.${key}`,
    value: step[key],
    kind: "number",
    onInput: (typed) => setField(ctx, step, key, toNumber(typed)),
  });
}

function text(ctx, step, where, key, label, { hint = "", kind = "line", rows = 3 } = {}) {
  return textField({ label, hint, kind, rows, where: `${where}.${key}`, value: step[key], onInput: (v) => setField(ctx, step, key, v) });
}

function check(ctx, step, where, key, label, hint = "") {
  return checkField({ label, hint, where: `${where}.${key}`, checked: step[key], onChange: (on) => setField(ctx, step, key, on) });
}

// With `pictures`, each item may show a picture (an option of a choosing kind): a closed
// "Picture" section per row, open once one is chosen so its description is in sight.
function items(ctx, step, where, key, { legend, noun, textKey, prefix, min, max, multiline = false, hint = "", extra = null, afterChange = null, pictures = false }) {
  if (!Array.isArray(step[key])) step[key] = [];
  const list = step[key];
  return listEditor({
    legend,
    hint,
    noun,
    min,
    max,
    where: `${where}.${key}`,
    items: list,
    newItem: () => ({ id: freshId(prefix, list.map((i) => i.id)), [textKey]: "" }),
    onChange: () => {
      if (afterChange) afterChange();
      ctx.changed({ structure: key });
    },
    renderItem: (item, i) =>
      h(
        "div",
        { class: "list-editor__fields" },
        textField({
          label: `${noun[0].toUpperCase()}${noun.slice(1)} ${i + 1}`,
          where: `${where}.${key}[${i}].${textKey}`,
          value: item[textKey],
          kind: multiline ? "text" : "line",
          rows: 2,
          onInput: (v) => {
            item[textKey] = v;
            ctx.changed();
          },
        }),
        extra ? extra(item, i) : null,
        pictures ? itemPicture(ctx, item, `${where}.${key}[${i}]`, noun, i) : null,
      ),
  });
}

function itemPicture(ctx, item, where, noun, i) {
  const values = { thing: noun, number: i + 1 };
  const summary = item.image ? t("Picture for {thing} {number}", values) : t("Add a picture to {thing} {number} (optional)", values);
  return h(
    "details",
    { class: "item-picture", open: Boolean(item.image) },
    h("summary", { text: summary }),
    imageField(item, where, ctx, { owner: noun }),
  );
}
