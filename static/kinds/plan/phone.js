// The action plan: the person's own, saved as they type (the whole plan each
// time). Fields come from the server; here they are only grouped into sections.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";
import { textBox, ratingGroup, checkBox, answerForm, uid, disableAll } from "../../participant/form-parts.js";
import { t } from "../../common/messages.js";

export const SECTIONS = [
  { title: t("My goal"), names: ["matters", "goal", "goal_rating"] },
  {
    title: t("My step for this week"),
    names: ["step_what", "step_how_much", "step_when", "step_how_often", "pacing", "barriers", "plan_b", "confidence"],
  },
  {
    title: t("My flare-up plan"),
    names: ["flare_signs", "flare_first_1", "flare_first_2", "flare_first_3", "flare_reduce", "flare_restart"],
  },
  { title: t("Looking again"), names: ["review_date", "share", "done"] },
];
const NUDGE = t("Let's make it a bit smaller. Could you do a little less, or less often, so you feel sure you can do it?");

function build(step, { value = null, onSubmit, onChange } = {}) {
  const given = value && typeof value === "object" ? value : {};
  const fields = Array.isArray(step.fields) ? step.fields : [];
  const below = Number.isInteger(step.confidence_prompt_below) ? step.confidence_prompt_below : 7;
  const readers = {}; // field name -> () => value
  const nudge = h("p", { class: "nudge", attrs: { role: "status" } });

  const known = new Set(SECTIONS.flatMap((s) => s.names));
  const sections = [...SECTIONS, { title: t("More"), names: fields.map((f) => f.name).filter((n) => !known.has(n)) }];
  const parts = [];
  for (const section of sections) {
    const inSection = section.names.map((name) => fields.find((f) => f.name === name)).filter(Boolean);
    if (!inSection.length) continue;
    const headingId = uid("plan-section");
    parts.push(
      h(
        "section",
        { class: "plan-section", attrs: { "aria-labelledby": headingId } },
        h("h2", { id: headingId, text: section.title }),
        inSection.map((field) => fieldControl(field, given[field.name], readers, field.name === "confidence" ? nudge : null)),
      ),
    );
  }
  if (step.safety) {
    parts.push(
      h(
        "section",
        { class: "plan-safety", attrs: { "aria-labelledby": "plan-safety-heading" } },
        h("h2", { id: "plan-safety-heading", text: t("When to get help") }),
        h("p", { text: step.safety }),
        step.contact ? h("p", { class: "plan-contact" }, h("strong", { text: t("Contact:") + " " }), step.contact) : null,
      ),
    );
  } else if (step.contact) {
    parts.push(h("p", { class: "plan-contact" }, h("strong", { text: t("Contact:") + " " }), step.contact));
  }
  parts.push(h("button", { type: "submit", class: "button button--wide button--big", text: t("Save my plan now") }));

  const form = answerForm("answer-form--plan", parts, () => onSubmit(getValue()));
  const changed = () => {
    updateNudge();
    onChange(getValue());
  };
  form.addEventListener("input", changed);
  form.addEventListener("change", (event) => {
    // Text boxes already reported on "input"; radios, checkboxes and dates report here.
    if (event.target.type !== "text" && event.target.tagName !== "TEXTAREA") changed();
  });

  function updateNudge() {
    const confidence = readers.confidence ? readers.confidence() : null;
    const text = confidence !== null && confidence < below ? NUDGE : "";
    // The live region stays in the page (only emptied), so the message is read when it appears.
    if (nudge.textContent !== text) nudge.textContent = text;
  }
  updateNudge();

  function getValue() {
    const plan = {};
    for (const [name, read] of Object.entries(readers)) plan[name] = read();
    return plan;
  }

  return {
    form,
    getValue,
    setDisabled: (off) => disableAll(form, off),
    takesAnswers: true,
    autosave: true,
    texts: {
      sending: t("Saving…"),
      saved: t("Saved"),
      savedClosed: t("Saved. The physio has closed the plan for now."),
      waiting: t("Not saved yet. We will keep trying."),
      offline: t("Not saved yet. It will save when you are connected again."),
    },
  };
}

export function fieldControl(field, value, readers, nudge) {
  if (field.kind === "rating") {
    const group = ratingGroup({ legend: field.label, value: Number.isInteger(value) ? value : null });
    readers[field.name] = group.getValue;
    return nudge ? h("div", { class: "plan-rating" }, group.fieldset, nudge) : group.fieldset;
  }
  if (field.kind === "date") {
    const id = uid("date");
    const input = h("input", { type: "date", id, class: "input input--date", value: typeof value === "string" ? value : "" });
    readers[field.name] = () => input.value || "";
    return h("div", { class: "field" }, h("label", { class: "label", htmlFor: id, text: field.label }), input);
  }
  if (field.kind === "choice") {
    const box = checkBox({ label: field.label, checked: value === true });
    readers[field.name] = () => box.input.checked;
    return box.wrap;
  }
  const box = textBox({ label: field.label, value: typeof value === "string" ? value : "", maxLength: 300, multiline: true, rows: 2, countFrom: 50 });
  readers[field.name] = () => box.input.value;
  return box.wrap;
}

register("plan", "phone", { build });
