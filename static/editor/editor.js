// The deck editor page: loads the draft, draws the deck's fields, the list of steps and the
// chosen step's form, and keeps the rest in step as you type: problems (checked by the server
// with the deck loader's own rules), the preview, and autosave.

import { t } from "../common/messages.js";
import { h, fill, setStepBody, keepFocus } from "../common/dom.js";
import { request, messageOf } from "./api.js";
import { Autosaver } from "./autosave.js";
import { reconcileLocal } from "./local-draft.js";
import { textField, toNumber, setOrDrop, freshId } from "./fields.js";
import { governanceFields } from "./governance-fields.js";
import { safetyFields } from "./safety-fields.js";
import { kindChoices, kindName, newStep } from "./kind-forms.js";
import { renderStepForm } from "./step-form.js";
import { renderStepList, focusStep, retitle } from "./steps-list.js";
import { markFields, renderSummary, countByStep, stepOf, focusField } from "./problems.js";
import { Preview } from "./preview.js";
import { StatusView } from "./status.js";
import { loadApprovedSteps, insertControl } from "./approved-steps.js";

const root = document.getElementById("main");
const $ = (id) => document.getElementById(id);
const base = root.dataset.base;
const readOnly = root.dataset.readOnly === "1";
const phraseLists = (root.dataset.phraseLists || "").split(" ").filter(Boolean);
const els = {
  status: $("save-status"),
  version: $("version-info"),
  title: $("deck-title-text"),
  restore: $("restore-notice"),
  problems: $("problems"),
  deckFields: $("deck-fields"),
  list: $("step-list"),
  addStep: $("add-step"),
  toolbar: $("step-toolbar"),
  toolbarHint: $("toolbar-hint"),
  form: $("step-form"),
  previewStep: $("preview-step"),
  announce: $("announce"),
  tryForm: $("try-form"),
};

const state = { draft: null, selected: 0, problems: [], kept: new Set(), images: [], version: null };
let saver = null;
let checkTimer = null;
let checkSeq = 0;
let previewTimer = null;
let previewSeq = 0;
const preview = new Preview($("preview"), root.dataset.staticUrl);
const status = new StatusView({ status: els.status, version: els.version, announce: els.announce });
const setStatus = (name, detail) => status.set(name, detail);
const announce = (text) => status.announce(text);

const ctx = {
  base,
  get draft() {
    return state.draft;
  },
  get kept() {
    return state.kept;
  },
  get images() {
    return state.images;
  },
  get fields() {
    return state.fields;
  },
  changed,
};

start();

async function start() {
  const result = await request("GET", `${base}/draft`);
  if (!result.ok) {
    setStatus("error", messageOf(result, t("The deck could not be loaded.")));
    return;
  }
  const data = result.data;
  state.draft = data.draft;
  state.kept = new Set(data.kept);
  state.images = data.images;
  state.fields = readOnly ? null : data.fields;
  state.problems = data.problems;
  state.version = data.deck.version;
  if (!state.draft || !Array.isArray(state.draft.steps)) state.draft = { title: "", steps: [] };
  await loadApprovedSteps(base); // names the approved steps a deck holds, even read-only
  if (!readOnly) {
    saver = new Autosaver({
      deckId: data.deck.id,
      url: `${base}/draft`,
      rev: data.deck.rev,
      getDraft: () => state.draft,
      onStatus: setStatus,
      onSaved: (reply) => {
        state.version = reply.version;
        status.version(state.version, reply.problems.length);
      },
    });
    reconcileLocal({ deckId: data.deck.id, serverRev: data.deck.rev, serverDraft: data.draft, saver, el: els.restore,
      useDraft: (draft, redraw) => {
        state.draft = draft;
        if (redraw) drawAll();
      } });
  }
  drawAll();
  status.version(state.version, state.problems.length);
  setStatus(readOnly ? "readonly" : "saved");
  if (saver && saver.dirty) setStatus("pending");
}

// ---- drawing -------------------------------------------------------------------------------

function drawAll() {
  drawDeckFields();
  drawList();
  drawAddStep();
  drawStep();
  applyProblems();
}

function drawDeckFields() {
  const d = state.draft;
  fill(
    els.deckFields,
    textField({
      label: t("Deck title"),
      hint: t("Shown in the library and at the start of a session."),
      where: "title",
      value: d.title,
      onInput: (v) => {
        d.title = v;
        els.title.textContent = v.trim() || t("Untitled deck");
        changed({ deck: true });
      },
    }),
    textField({
      label: t("Description"),
      hint: t("One line for the library."),
      where: "description",
      value: d.description,
      kind: "text",
      rows: 2,
      onInput: (v) => {
        setOrDrop(d, "description", v);
        changed({ deck: true });
      },
    }),
    textField({
      label: t("Answers needed before the room sees results"),
      hint: t("1 to 50; 3 if left empty. Protects privacy in small groups."),
      where: "min_responses",
      value: d.min_responses,
      kind: "number",
      onInput: (v) => {
        setOrDrop(d, "min_responses", toNumber(v));
        changed({ deck: true });
      },
    }),
    ...governanceFields(d, changed),
    ...safetyFields(d, phraseLists, changed),
  );
}

function drawList() {
  keepFocus(els.list, () =>
    renderStepList(els.list, {
      steps: state.draft.steps,
      selected: state.selected,
      counts: countByStep(state.problems),
      kept: state.kept,
      onSelect: select,
      onMove: (i, by) => move(i, by, "list"),
    }),
  );
}

function drawAddStep() {
  if (readOnly) return;
  const kinds = h("select", { id: "new-step-kind", class: "input" },
    kindChoices().map(([kind, name]) => h("option", { value: kind, text: name })));
  const add = h("button", { type: "button", class: "button button--secondary", text: t("Add step") });
  add.addEventListener("click", () => {
    const steps = state.draft.steps;
    const step = newStep(kinds.value, steps.map((s) => s && s.id));
    const at = steps.length ? state.selected + 1 : 0;
    steps.splice(at, 0, step);
    state.selected = at;
    changed({ structure: "steps" });
    drawList();
    drawStep();
    announce(t("Added a {kind} as step {number}.", { kind: kindName(step.kind), number: at + 1 }));
    const title = els.form.querySelector('[data-where$=".title"]');
    if (title) title.focus();
  });
  fill(els.addStep, h("label", { class: "label", htmlFor: "new-step-kind", text: t("Kind of step to add") }), h("div", { class: "add-step__row" }, kinds, add));
  insertControl(els.addStep, {
    getSteps: () => state.draft.steps,
    getAt: () => state.selected,
    announce,
    onInsert: (at, count, entry) => {
      state.selected = at;
      changed({ structure: "steps" });
      drawList();
      drawStep();
      announce(count === 1
        ? t("Inserted “{title}” from the library as step {number}.", { title: entry.title, number: at + 1 })
        : t("Inserted “{title}” from the library as steps {first} to {last}.", { title: entry.title, first: at + 1, last: at + count }));
    },
  });
}

function drawStep() {
  const steps = state.draft.steps;
  state.selected = Math.max(0, Math.min(state.selected, steps.length - 1));
  renderStepForm(els.form, state.selected, ctx);
  drawToolbar();
  applyProblems();
  schedulePreview(0);
}

function drawToolbar() {
  const steps = state.draft.steps;
  const i = state.selected;
  const step = steps[i] || {};
  const kept = state.kept.has(step.id);
  const button = (text, action, disabled) => {
    const b = h("button", { type: "button", class: "button button--secondary", text, disabled: readOnly || disabled });
    b.dataset.action = action;
    b.addEventListener("click", () => toolbarAction(action));
    return b;
  };
  fill(
    els.toolbar,
    button(t("Move up"), "up", i === 0),
    button(t("Move down"), "down", i >= steps.length - 1),
    button(t("Duplicate"), "duplicate", steps.length >= 200),
    button(t("Delete"), "delete", kept || step.locked === true || steps.length <= 1),
  );
  els.toolbarHint.textContent = kept
    ? t("This locked safety step comes with the deck this one was copied from: it cannot be deleted.")
    : step.locked
      ? t("Untick “Locked safety step” to delete this step.")
      : "";
}

// ---- changes ------------------------------------------------------------------------------

function changed(how = {}) {
  if (readOnly) return;
  if (saver) saver.changed();
  if (how.field === "title") retitle(els.list, state.selected, state.draft.steps[state.selected].title);
  if (["locked", "id", "library", "kind"].includes(how.field)) {
    drawList();
    if (how.field === "library" || how.field === "kind") drawStep();
    else drawToolbar();
  }
  window.clearTimeout(checkTimer);
  checkTimer = window.setTimeout(check, 350);
  if (!how.deck) schedulePreview(400);
}

async function check() {
  const seq = ++checkSeq;
  const result = await request("POST", `${base}/check`, { draft: state.draft });
  if (seq !== checkSeq || !result.ok) return;
  state.problems = result.data.problems;
  applyProblems();
  drawList();
}

function applyProblems() {
  markFields(root, state.problems);
  renderSummary(els.problems, state.problems, goTo);
}

function goTo(where) {
  const i = stepOf(where);
  if (i !== null && i !== state.selected && i < state.draft.steps.length) {
    state.selected = i;
    drawList();
    drawStep();
  }
  if (!focusField(root, where) && i !== null) focusStep(els.list, i);
}

function select(i) {
  if (i === state.selected) return;
  state.selected = i;
  drawList();
  drawStep();
}

function move(i, by, from) {
  const steps = state.draft.steps;
  const j = i + by;
  if (readOnly || j < 0 || j >= steps.length) return;
  [steps[i], steps[j]] = [steps[j], steps[i]];
  if (state.selected === i) state.selected = j;
  else if (state.selected === j) state.selected = i;
  changed({ structure: "steps" });
  drawList();
  drawStep();
  const title = (steps[j] && steps[j].title) || "the step";
  announce(t("Moved “{title}” to position {position} of {count}.", { title, position: j + 1, count: steps.length }));
  if (from === "list") focusStep(els.list, j);
  else {
    const again = els.toolbar.querySelector(`[data-action="${by < 0 ? "up" : "down"}"]`);
    (again && !again.disabled ? again : els.toolbar.querySelector("button:not([disabled])") || els.form).focus();
  }
}

function toolbarAction(action) {
  const steps = state.draft.steps;
  const i = state.selected;
  if (action === "up" || action === "down") return move(i, action === "up" ? -1 : 1, "toolbar");
  if (action === "duplicate") {
    const copy = JSON.parse(JSON.stringify(steps[i]));
    copy.id = freshId(`${String(copy.id || "step").slice(0, 30)}-copy`, steps.map((s) => s && s.id));
    delete copy.locked;
    delete copy.library; // a second copy of an approved step is the physio's own
    steps.splice(i + 1, 0, copy);
    state.selected = i + 1;
    changed({ structure: "steps" });
    drawList();
    drawStep();
    announce(t("Duplicated step {number}. The copy is step {copy}.", { number: i + 1, copy: i + 2 }));
    els.toolbar.querySelector('[data-action="duplicate"]').focus();
    return;
  }
  if (action === "delete") {
    const title = (steps[i] && steps[i].title) || "this step";
    if (!window.confirm(t("Delete step {number}, “{title}”? You can get it back from an earlier version.", { number: i + 1, title }))) return;
    steps.splice(i, 1);
    state.selected = Math.min(i, steps.length - 1);
    changed({ structure: "steps" });
    drawList();
    drawStep();
    announce(t("Deleted “{title}”.", { title }));
    focusStep(els.list, state.selected);
  }
}

// ---- preview ------------------------------------------------------------------------------

function schedulePreview(ms) {
  window.clearTimeout(previewTimer);
  previewTimer = window.setTimeout(showPreview, ms);
}

async function showPreview() {
  const seq = ++previewSeq;
  const i = state.selected;
  const step = state.draft.steps[i];
  els.previewStep.textContent = `step ${i + 1}`;
  const result = await request("POST", `${base}/preview`, { step, index: i, safety: state.draft.safety });
  if (seq !== previewSeq) return;
  if (!result.ok) {
    preview.blank(messageOf(result, t("The preview is not available just now.")));
    return;
  }
  if (result.data.problems) {
    preview.blank(t("Fix this step's problems to see how it will look."));
    return;
  }
  preview.show(result.data.views, state.draft.steps.length);
  setStepBody($("body-preview"), result.data.views.participant.body_html);
  const empty = $("body-preview");
  if (empty && !result.data.views.participant.body_html) {
    empty.hidden = false;
    empty.replaceChildren(h("p", { class: "muted", text: t("No text yet.") }));
  }
}

// "Try it" runs the latest version: save first, so it includes what was just typed.
if (els.tryForm) {
  els.tryForm.addEventListener("submit", async (event) => {
    if (!saver || !saver.dirty) return;
    event.preventDefault();
    await saver.save();
    els.tryForm.submit();
  });
}
