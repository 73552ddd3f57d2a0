// The fields each kind of step has, as forms: options with "correct" ticks for quizzes, cards
// for discussions, prompts for reflections, measures for before-and-after scales, extra
// questions for feedback. Each function edits `step` in place and calls ctx.changed().

import { h } from "../common/dom.js";
import { textField, checkField, selectField, listEditor, toNumber, setOrDrop, freshId } from "./fields.js";
import { imageField } from "./images.js";

export const KIND_NAMES = {
  slide: "Slide",
  poll: "Poll",
  quiz: "Quiz (myth or fact)",
  scale: "Scale (0 to 10)",
  wordcloud: "Word cloud",
  open: "Open question",
  reflect: "Reflection",
  discuss: "Discussion",
  plan: "Action plan",
  feedback: "Feedback (Friends and Family Test)",
};

/** A new step of a kind: what it needs to be valid, or nearly (labels to fill in). */
export function newStep(kind, ids) {
  const step = { id: freshId(kind, ids), kind, title: "" };
  if (kind === "poll") step.options = [{ id: "option-1", label: "" }, { id: "option-2", label: "" }];
  if (kind === "quiz") {
    step.options = [{ id: "myth", label: "Myth" }, { id: "fact", label: "Fact" }];
    step.correct = "myth";
    step.body = "Myth or fact?";
  }
  if (kind === "scale") Object.assign(step, { min: 0, max: 10 });
  if (kind === "reflect") step.prompts = [{ id: "prompt-1", label: "" }];
  if (kind === "discuss") step.cards = [{ id: "card-1", text: "" }];
  if (kind === "feedback") step.title = "Your feedback";
  if (kind === "plan") step.title = "My plan";
  return step;
}

const FORMS = { slide, poll, quiz, scale, wordcloud, open, reflect, discuss, plan, feedback };

export function kindFields(step, where, ctx) {
  const form = FORMS[step.kind];
  return form ? form(step, where, ctx) : [h("p", { class: "muted", text: "This kind of step has no more fields." })];
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

function items(ctx, step, where, key, { legend, noun, textKey, prefix, min, max, multiline = false, hint = "", extra = null, afterChange = null }) {
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
      ),
  });
}

function slide(step, where, ctx) {
  return [
    check(ctx, step, where, "takeaway", "Key message", "Kept in each person's notebook."),
    imageField(step, where, ctx),
  ];
}

function poll(step, where, ctx) {
  return [
    items(ctx, step, where, "options", { legend: "Options", noun: "option", textKey: "label", prefix: "option", min: 2, max: 12, hint: "2 to 12 answers, in the order people see them." }),
    check(ctx, step, where, "multiple", "People may choose more than one option"),
  ];
}

function quiz(step, where, ctx) {
  const correct = () => new Set(Array.isArray(step.correct) ? step.correct : step.correct ? [step.correct] : []);
  const setCorrect = (ids) => {
    const ordered = step.options.map((o) => o.id).filter((id) => ids.has(id));
    if (ordered.length === 0) delete step.correct;
    else step.correct = ordered.length === 1 ? ordered[0] : ordered;
  };
  const tick = (item, i) =>
    checkField({
      label: "Correct",
      labelMore: `(option ${i + 1})`,
      where: `${where}.correct#${i}`,
      checked: correct().has(item.id),
      onChange(on) {
        const ids = correct();
        if (on) ids.add(item.id);
        else ids.delete(item.id);
        setCorrect(ids);
        ctx.changed();
      },
    });
  const options = items(ctx, step, where, "options", {
    legend: "Options", noun: "option", textKey: "label", prefix: "option", min: 2, max: 12, extra: tick,
    hint: "Tick the right answer. With more than one ticked, people may choose several.",
    // A removed option is no longer a right answer; the order of right answers follows the options.
    afterChange: () => setCorrect(correct()),
  });
  const wrap = h("div", { attrs: { "data-field": `${where}.correct` } }, options);
  return [wrap, text(ctx, step, where, "explanation", "Explanation", { kind: "text", hint: "Why the answer is right. Shown when you reveal the answer. Always write one." })];
}

function scale(step, where, ctx) {
  const measures = [...new Set(ctx.draft.steps.filter((s) => s.kind === "scale" && s.measure && s !== step).map((s) => s.measure))];
  const listId = `measures-${Math.random().toString(36).slice(2)}`;
  return [
    h("div", { class: "field-row" },
      numberField(ctx, step, where, "min", "Lowest number", "Usually 0."),
      numberField(ctx, step, where, "max", "Highest number", "Usually 10; up to 20 more than the lowest.")),
    text(ctx, step, where, "min_label", "Words for the lowest", { hint: "Such as “Not at all”." }),
    text(ctx, step, where, "max_label", "Words for the highest", { hint: "Such as “Completely”." }),
    h("datalist", { id: listId }, measures.map((m) => h("option", { value: m }))),
    textField({
      label: "Measure (for before and after)",
      hint: "Give two scales the same short name, such as confidence, to compare before and after. Lowercase letters, digits and hyphens.",
      where: `${where}.measure`,
      value: step.measure,
      list: listId,
      onInput: (v) => setField(ctx, step, "measure", v.trim()),
    }),
  ];
}

function wordcloud(step, where, ctx) {
  return [
    numberField(ctx, step, where, "max_words", "Words each person may send", "1 to 10; 3 if left empty."),
    numberField(ctx, step, where, "max_length", "Longest word or phrase (characters)", "5 to 60; 30 if left empty."),
  ];
}

function open(step, where, ctx) {
  return [numberField(ctx, step, where, "max_length", "Longest answer (characters)", "20 to 1000; 280 if left empty.")];
}

function reflect(step, where, ctx) {
  const prompts = items(ctx, step, where, "prompts", { legend: "Prompts", noun: "prompt", textKey: "label", prefix: "prompt", min: 1, max: 5, hint: "1 to 5 questions to write about, privately." });
  const choices = [{ value: "", label: "None" }, ...step.prompts.map((p, i) => ({ value: p.id, label: p.label || `Prompt ${i + 1}` }))];
  return [
    prompts,
    selectField({
      label: "Offer to send one answer to the physio as an anonymous question",
      where: `${where}.question_prompt`,
      value: step.question_prompt || "",
      options: choices,
      onChange: (v) => setField(ctx, step, "question_prompt", v),
    }),
  ];
}

function discuss(step, where, ctx) {
  return [
    items(ctx, step, where, "cards", { legend: "Discussion cards", noun: "card", textKey: "text", prefix: "card", min: 1, max: 30, multiline: true, hint: "1 to 30 cards, each up to 400 characters." }),
    h("div", { class: "field-row" },
      numberField(ctx, step, where, "group_size", "People per group", "2 to 6; 3 if left empty."),
      numberField(ctx, step, where, "cards_per_group", "Cards per group", "1 to 3; 1 if left empty.")),
    check(ctx, step, where, "report_back", "Each group may send the physio a short note"),
  ];
}

function plan(step, where, ctx) {
  return [
    h("p", { class: "hint", text: "The plan's questions and the red-flag reminder are fixed." }),
    text(ctx, step, where, "contact", "How to contact the service", { hint: "Shown with the safety reminder." }),
  ];
}

function feedback(step, where, ctx) {
  if (!Array.isArray(step.extra)) step.extra = []; // the same as none
  const extra = step.extra;
  const list = listEditor({
    legend: "Extra rating questions (0 to 10)",
    hint: "Up to 5, asked after the Friends and Family Test question.",
    noun: "question",
    max: 5,
    where: `${where}.extra`,
    items: extra,
    newItem: () => ({ id: freshId("question", extra.map((q) => q.id)), title: "" }),
    onChange: () => ctx.changed({ structure: "extra" }),
    renderItem: (item, i) =>
      h("div", { class: "list-editor__fields" },
        ["title", "min_label", "max_label"].map((key) =>
          textField({
            label: { title: `Question ${i + 1}`, min_label: "Words for 0", max_label: "Words for 10" }[key],
            where: `${where}.extra[${i}].${key}`,
            value: item[key],
            onInput: (v) => {
              if (key === "title") item.title = v;
              else setOrDrop(item, key, v);
              ctx.changed();
            },
          }))),
  });
  return [
    h("p", { class: "hint", text: "The Friends and Family Test question and its answers are fixed, word for word." }),
    list,
  ];
}
