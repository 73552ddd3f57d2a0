// Points on the phone: a whole-number box for each option, and how many points are left as
// the person types. It sends nothing until exactly the budget is given out, and says why.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";
import { answerForm, sendButton, disableAll, uid, optionPicture } from "../../participant/form-parts.js";
import { t, plural } from "../../common/messages.js";

function build(step, { value = null, onSubmit, onChange } = {}) {
  if (!Array.isArray(step.options)) return null;
  const budget = Number(step.budget) || 100;
  const saved = value && typeof value === "object" && !Array.isArray(value) ? value : {};
  const leftId = uid("points-left");
  const boxes = step.options.map((option) => {
    const id = uid("points");
    const input = h("input", {
      id,
      type: "number",
      class: "input input--points",
      value: String(Number.isInteger(saved[option.id]) ? saved[option.id] : 0),
      min: "0",
      max: String(budget),
      step: "1",
      attrs: { inputmode: "numeric", "aria-describedby": leftId },
    });
    const { picture, note } = optionPicture(option, input);
    const label = h("label", { class: "label points-field__label", htmlFor: id }, picture, h("span", { text: option.label }));
    const wrap = h("div", { class: "field points-field" }, label, note, input);
    return { id: option.id, input, wrap };
  });
  const left = h("p", { class: "points-left", id: leftId, attrs: { role: "status" } });

  /** {points} when every box holds a whole number from 0 (an empty box is 0), else {problem}. */
  function read() {
    const points = {};
    for (const box of boxes) {
      const typed = box.input.value.trim();
      const n = typed === "" ? 0 : Number(typed);
      if (!Number.isInteger(n) || n < 0 || box.input.validity.badInput) {
        return { problem: t("Use whole numbers of points, 0 or more, in every box.") };
      }
      points[box.id] = n;
    }
    return { points };
  }

  function given(points) {
    return Object.values(points).reduce((a, b) => a + b, 0);
  }

  /** What is wrong with the points as they stand, or null when they can be sent. */
  function problem() {
    const { points, problem: bad } = read();
    if (bad) return bad;
    const rest = budget - given(points);
    if (rest > 0) return plural("You have {count} point left to give. Give out exactly {budget} before you send.", "You have {count} points left to give. Give out exactly {budget} before you send.", rest, { budget });
    if (rest < 0) return t("That is {count} too many. Give out exactly {budget} points before you send.", { count: -rest, budget });
    return null;
  }

  function update() {
    const { points, problem: bad } = read();
    if (bad) left.textContent = bad;
    else {
      const rest = budget - given(points);
      left.textContent =
        rest === 0 ? t("All {budget} points given.", { budget }) : rest > 0 ? t("{count} of {budget} points left.", { count: rest, budget }) : t("{count} points too many.", { count: -rest });
    }
    left.dataset.state = !bad && given(points) === budget ? "done" : "open";
  }

  function getValue() {
    return problem() === null ? read().points : null;
  }

  const fieldset = h(
    "fieldset",
    {},
    h("legend", { text: t("Share {budget} points between these", { budget }) }),
    h("p", { class: "hint", text: t("Give more points to what matters more to you. Use them all.") }),
    h("div", { class: "points-fields" }, boxes.map((box) => box.wrap)),
    left,
  );
  const form = answerForm("answer-form--points", [fieldset, sendButton(t("Send my points"))], () => onSubmit(getValue()));
  form.addEventListener("input", () => {
    update();
    if (onChange) onChange(getValue());
  });
  update();

  return {
    form,
    getValue,
    setDisabled: (off) => disableAll(form, off),
    takesAnswers: true,
    texts: {
      // Read when a send is refused, so it says what is wrong now.
      get empty() {
        return problem() || t("Give out your points first.");
      },
      changed: t("You changed your points. Press Send my points to save them."),
    },
  };
}

/** Under the results: the points the person gave. */
function revealed(step, mine) {
  if (!mine || typeof mine !== "object" || !Array.isArray(step.options)) return [];
  return [h("p", {}, h("strong", { text: t("Your points:") + " " }), step.options.map((o) => `${o.label} ${mine[o.id] ?? 0}`).join(", "))];
}

register("points", "phone", { build, revealed });
