// Building blocks for the phone's answer forms: labelled text boxes with a
// character counter, 0–10 rating rows and the big send button. Every input has
// a visible label; radio groups sit in a fieldset with a legend.

import { h, optionImage } from "../common/dom.js";
import { t, plural, formatNumber } from "../common/messages.js";

let counter = 0;

/** A page-unique id for an input. */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * A labelled text box. multiline gives a textarea. With maxLength, a counter
 * says how many characters are left; screen readers hear it only when a limit
 * is near (20 left, none left), not at every key press. countFrom shows the
 * counter only once that many or fewer are left (for forms with many boxes).
 * -> {wrap, input}
 */
export function textBox({ label, hint = "", value = "", maxLength = 0, multiline = false, rows = 4, name, countFrom = Infinity }) {
  const id = uid("text");
  const hintId = hint ? `${id}-hint` : null;
  const countId = maxLength ? `${id}-count` : null;
  const input = multiline
    ? h("textarea", { id, name, rows, class: "input input--text", value: value || "" })
    : h("input", { id, name, type: "text", class: "input input--line", value: value || "", autocomplete: "off" });
  if (maxLength) input.maxLength = maxLength;
  const describedBy = [hintId, countId].filter(Boolean).join(" ");
  if (describedBy) input.setAttribute("aria-describedby", describedBy);

  const count = maxLength ? h("span", { class: "counter", id: countId }) : null;
  const spoken = maxLength ? h("span", { class: "visually-hidden", attrs: { role: "status" } }) : null;
  let band = null; // "ok", "low" or "none": speak only when it changes for the worse
  function updateCount() {
    if (!count) return;
    const left = maxLength - input.value.length;
    count.textContent = plural("{count} character left", "{count} characters left", left);
    count.dataset.low = left <= 20 ? "true" : "false";
    count.hidden = left > countFrom;
    const now = left <= 0 ? "none" : left <= 20 ? "low" : "ok";
    if (band !== null && now !== band && now !== "ok") {
      spoken.textContent = now === "none" ? t("No characters left.") : plural("{count} character left.", "{count} characters left.", left);
    }
    band = now;
  }
  input.addEventListener("input", updateCount);
  updateCount();

  const wrap = h(
    "div",
    { class: "field" },
    h("label", { class: "label", htmlFor: id, text: label }),
    hint ? h("span", { class: "hint", id: hintId, text: hint }) : null,
    input,
    count,
    spoken,
  );
  return { wrap, input };
}

/**
 * A row of radio buttons from min to max (a 0–10 rating) in a fieldset.
 * -> {fieldset, getValue, setValue}
 */
export function ratingGroup({ legend, value = null, min = 0, max = 10, minLabel = "", maxLabel = "", hint = "" }) {
  const name = uid("rating");
  const boxes = [];
  for (let n = min; n <= max; n += 1) {
    const id = `${name}-${n}`;
    const meaning = n === min ? minLabel : n === max ? maxLabel : "";
    boxes.push(
      h(
        "label",
        { class: "choice", htmlFor: id },
        h("input", { type: "radio", name, id, value: String(n), checked: value === n }),
        h("span", { text: String(n) }),
        meaning ? h("span", { class: "visually-hidden", text: `, ${meaning}` }) : null,
      ),
    );
  }
  const grid = h("div", { class: "scale" }, boxes);
  grid.style.setProperty("--cols", String(boxes.length <= 6 ? boxes.length : Math.ceil(boxes.length / 2)));
  grid.style.setProperty("--cols-wide", String(Math.min(boxes.length, 11)));
  const ends =
    minLabel || maxLabel
      ? h(
          "ul",
          { class: "scale-ends" },
          h("li", {}, h("strong", { text: formatNumber(min) }), " ", minLabel ? t("means {label}", { label: minLabel }) : t("means the lowest")),
          h("li", {}, h("strong", { text: formatNumber(max) }), " ", maxLabel ? t("means {label}", { label: maxLabel }) : t("means the highest")),
        )
      : null;
  const fieldset = h(
    "fieldset",
    { class: "rating" },
    h("legend", { text: legend }),
    hint ? h("p", { class: "hint", text: hint }) : null,
    ends,
    grid,
  );
  function getValue() {
    const checked = fieldset.querySelector("input:checked");
    return checked ? Number(checked.value) : null;
  }
  function setValue(n) {
    for (const input of fieldset.querySelectorAll("input")) input.checked = Number(input.value) === n;
  }
  return { fieldset, getValue, setValue };
}

/**
 * An option's picture for inside a control's label, and its description for the control.
 * The label stays the control's accessible name (what results and "Your answer" call it, what
 * a voice-control user says), and the picture's description becomes the control's
 * description, heard once after the name, so someone who cannot see the picture can still
 * choose. -> {picture, note}, both null without a picture; put `note` outside the label.
 */
export function optionPicture(option, input) {
  const picture = optionImage(option, "6rem", "");
  if (!picture) return { picture: null, note: null };
  const note = h("span", { id: uid("picture"), hidden: true, text: option.image.alt });
  const before = input.getAttribute("aria-describedby");
  input.setAttribute("aria-describedby", before ? `${note.id} ${before}` : note.id);
  return { picture, note };
}

/** A checkbox with its label beside it, in a big tappable box. -> {wrap, input} */
export function checkBox({ label, checked = false, hint = "" }) {
  const id = uid("check");
  const input = h("input", { type: "checkbox", id, checked: Boolean(checked) });
  if (hint) input.setAttribute("aria-describedby", `${id}-hint`);
  const wrap = h(
    "div",
    { class: "field" },
    h("label", { class: "choice", htmlFor: id }, input, h("span", { text: label })),
    hint ? h("span", { class: "hint", id: `${id}-hint`, text: hint }) : null,
  );
  return { wrap, input };
}

export function sendButton(text) {
  return h("button", { type: "submit", class: "button button--wide button--big", text });
}

/** A form that calls onSubmit(event) instead of loading a page. */
export function answerForm(className, children, onSubmit) {
  const form = h("form", { class: `answer-form ${className}`, noValidate: true }, children);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    onSubmit();
  });
  return form;
}

/** Turn every control in a form on or off; the send button is hidden while off. */
export function disableAll(form, off) {
  for (const el of form.querySelectorAll("input, textarea, select, fieldset")) el.disabled = off;
  for (const button of form.querySelectorAll("button[type=submit]")) {
    button.disabled = off;
    button.hidden = off;
  }
}
