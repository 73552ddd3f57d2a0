// The form for one step: the fields every step has, then its kind's own. A locked step that a
// copied deck must keep, and a copy of an approved step from the library, show their approved
// title and wording read-only.

import { t } from "../common/messages.js";
import { h } from "../common/dom.js";
import { textField, checkField, toNumber, setOrDrop } from "./fields.js";
import { kindFields, kindName, asksQuestion } from "./kind-forms.js";
import { approvedNotice } from "./approved-steps.js";
import { kindChanger } from "./change-kind.js";

/** Fill `container` with the form for draft.steps[index]. */
export function renderStepForm(container, index, ctx) {
  const step = ctx.draft.steps[index];
  const where = `steps[${index}]`;
  if (!step || typeof step !== "object") {
    container.replaceChildren(h("p", { text: t("Choose a step to edit.") }));
    return;
  }
  const kept = ctx.kept.has(step.id);
  const linked = Boolean(step.library);
  const fixed = kept || linked;
  const set = (key, value) => {
    setOrDrop(step, key, value);
    ctx.changed({ field: key });
  };
  const parts = [
    h("h2", { class: "step-form__heading", id: "step-form-heading", tabIndex: -1 },
      t("Step {number}: ", { number: index + 1 }), h("span", { text: kindName(step.kind) })),
  ];
  if (kept) {
    parts.push(
      h("p", { class: "notice notice--locked" },
        h("strong", { text: t("Locked safety step.") }), " ",
        t("It comes from the deck this one was copied from. Its title and wording stay as approved, and it cannot be deleted. You can change its notes and timing.")),
    );
  }
  parts.push(approvedNotice(step, { steps: ctx.draft.steps, onDetach: () => ctx.changed({ field: "library" }) }));
  if (!fixed && !step.locked && ctx.fields) parts.push(kindChanger(step, { fieldsOf: ctx.fields, onChange: () => ctx.changed({ field: "kind" }) }));
  parts.push(
    textField({
      label: asksQuestion(step) ? t("Question") : t("Title"),
      hint: asksQuestion(step) ? t("What people answer. Up to 200 characters.") : t("The heading. Up to 200 characters."),
      where: `${where}.title`,
      value: step.title,
      readOnly: fixed,
      onInput: (v) => {
        step.title = v; // kept even when empty, so the problem says so
        ctx.changed({ field: "title" });
      },
    }),
    textField({
      label: t("Text under the title (Markdown)"),
      hint: t("Optional. **bold**, *italics*, lists with -, headings with ##. A blank line starts a new paragraph."),
      where: `${where}.body`,
      value: step.body,
      kind: "text",
      rows: 6,
      readOnly: fixed,
      onInput: (v) => set("body", v),
    }),
    h("section", { class: "body-preview", attrs: { "aria-labelledby": "body-preview-heading" } },
      h("h3", { class: "body-preview__heading", id: "body-preview-heading", text: t("How the text will look") }),
      h("div", { class: "prose body-preview__content", id: "body-preview" })),
    h("section", { class: "kind-fields", attrs: { "aria-labelledby": "kind-fields-heading" } },
      h("h3", { id: "kind-fields-heading", text: t("{kind} settings", { kind: kindName(step.kind) }) }),
      h("fieldset", { class: "editor-lock", disabled: linked },
        h("legend", { class: "visually-hidden", text: t("{kind} settings", { kind: kindName(step.kind) }) }),
        kindFields(step, where, ctx))),
    textField({
      label: t("Presenter notes"),
      hint: t("Only you see these, on the console."),
      where: `${where}.notes`,
      value: step.notes,
      kind: "text",
      rows: 3,
      onInput: (v) => set("notes", v),
    }),
    h("div", { class: "field-row" },
      textField({
        label: t("Minutes"),
        hint: t("How long you plan for this step."),
        where: `${where}.minutes`,
        value: step.minutes,
        kind: "number",
        onInput: (v) => set("minutes", toNumber(v)),
      }),
      textField({
        label: t("Step id"),
        hint: t("A short stable name: results are stored against it. Lowercase letters, digits and hyphens."),
        where: `${where}.id`,
        value: step.id,
        readOnly: kept,
        onInput: (v) => {
          step.id = v.trim();
          ctx.changed({ field: "id" });
        },
      })),
    checkField({
      label: t("Optional"),
      hint: t("Can be left out when the class runs short of time. The console suggests it then."),
      where: `${where}.optional`,
      checked: step.optional,
      onChange: (on) => set("optional", on),
    }),
    checkField({
      label: t("Locked safety step"),
      hint: kept
        ? t("This step stays locked.")
        : t("The facilitator cannot skip past it unseen, and it cannot be deleted while locked. Use it for warning signs and when to get help."),
      where: `${where}.locked`,
      checked: step.locked,
      disabled: fixed,
      onChange: (on) => set("locked", on),
    }),
  );
  container.replaceChildren(...parts);
}
