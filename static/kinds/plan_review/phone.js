// Looking back at one's plan: the person's own latest plan (from their own
// snapshot, never anyone else's), how it went, and the plan changed. Saved as
// they type, the whole review each time; the changed plan is their latest.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";
import { textBox, answerForm, uid, disableAll } from "../../participant/form-parts.js";
import { SECTIONS, fieldControl } from "../plan/phone.js";
import { t } from "../../common/messages.js";

const SHOWN_FROM_PLAN = ["goal", "step_what", "step_how_much", "step_when", "step_how_often"];

function build(step, { value = null, onSubmit, onChange, lookingBack = null } = {}) {
  const given = value && typeof value === "object" ? value : {};
  const earlier = lookingBack && lookingBack.plan ? lookingBack.plan : null;
  const fields = Array.isArray(step.fields) ? step.fields : [];
  const planValues = given.plan && Object.keys(given.plan).length ? given.plan : earlier || {};
  const readers = {}; // review field name -> () => value
  const planReaders = {}; // plan field name -> () => value
  const parts = [lastTime(fields, earlier, lookingBack)];

  if (earlier) {
    const legendId = uid("went");
    const name = uid("went");
    const outcomes = Array.isArray(step.outcomes) ? step.outcomes : [];
    const radios = outcomes.map((outcome) => {
      const id = `${name}-${outcome.id}`;
      return h(
        "label",
        { class: "choice", htmlFor: id },
        h("input", { type: "radio", name, id, value: outcome.id, checked: given.went === outcome.id }),
        h("span", { text: outcome.label }),
      );
    });
    readers.went = () => {
      const checked = radios.map((label) => label.querySelector("input")).find((input) => input.checked);
      return checked ? checked.value : null;
    };
    parts.push(h("fieldset", { class: "choices", attrs: { "aria-labelledby": legendId } }, h("legend", { id: legendId, text: t("How did it go?") }), radios));
    for (const question of Array.isArray(step.questions) ? step.questions : []) {
      const box = textBox({ label: question.label, value: given[question.name] || "", maxLength: 300, multiline: true, rows: 2, countFrom: 50 });
      readers[question.name] = () => box.input.value;
      parts.push(box.wrap);
    }
  }

  const planHeading = uid("plan-heading");
  const planParts = [];
  for (const section of SECTIONS) {
    const inSection = section.names.map((n) => fields.find((f) => f.name === n)).filter(Boolean);
    if (!inSection.length) continue;
    planParts.push(h("h3", { text: section.title }), inSection.map((field) => fieldControl(field, planValues[field.name], planReaders, null)));
  }
  parts.push(
    h(
      "section",
      { class: "plan-section", attrs: { "aria-labelledby": planHeading } },
      h("h2", { id: planHeading, text: earlier ? t("Change my plan if you like") : t("Make a plan now") }),
      planParts,
    ),
  );
  if (step.safety) {
    const safetyId = uid("safety");
    parts.push(
      h(
        "section",
        { class: "plan-safety", attrs: { "aria-labelledby": safetyId } },
        h("h2", { id: safetyId, text: t("When to get help") }),
        h("p", { text: step.safety }),
        step.contact ? h("p", { class: "plan-contact" }, h("strong", { text: t("Contact:") + " " }), step.contact) : null,
      ),
    );
  }
  parts.push(h("button", { type: "submit", class: "button button--wide button--big", text: t("Save now") }));

  const form = answerForm("answer-form--plan", parts, () => onSubmit(getValue()));
  form.addEventListener("input", () => onChange(getValue()));
  form.addEventListener("change", (event) => {
    if (event.target.type !== "text" && event.target.tagName !== "TEXTAREA") onChange(getValue());
  });

  function getValue() {
    const review = {};
    for (const [name, read] of Object.entries(readers)) review[name] = read();
    const plan = {};
    for (const [name, read] of Object.entries(planReaders)) plan[name] = read();
    review.plan = plan;
    return review;
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
      savedClosed: t("Saved. The physio has closed this for now."),
      waiting: t("Not saved yet. We will keep trying."),
      offline: t("Not saved yet. It will save when you are connected again."),
    },
  };
}

/** "Last time you planned to …", or kind words when there is no plan yet. */
function lastTime(fields, earlier, lookingBack) {
  if (!earlier) {
    return h(
      "div",
      { class: "plan-last-time" },
      h("p", { text: t("There is no plan of yours to look back at yet. That is fine.") }),
      h("p", { text: t("You can make a plan now, if you would like to.") }),
    );
  }
  const rows = SHOWN_FROM_PLAN.map((name) => fields.find((f) => f.name === name))
    .filter((field) => field && typeof earlier[field.name] === "string" && earlier[field.name].trim())
    .map((field) => [h("dt", { text: field.label }), h("dd", { text: earlier[field.name] })]);
  const when = lookingBack.earlier_session ? t("Last time you planned:") : t("Earlier you planned:");
  return h(
    "div",
    { class: "plan-last-time" },
    h("p", { class: "key-message", text: when }),
    rows.length ? h("dl", { class: "plan-list" }, rows) : h("p", { text: t("Your plan has no step written in it yet.") }),
  );
}

register("plan_review", "phone", { build });
