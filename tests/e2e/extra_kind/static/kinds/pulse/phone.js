// A pulse on the phone: one tap on Yes or No sends it.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";

function build(step, { value = null, onSubmit } = {}) {
  const buttons = step.options.map((option) =>
    h("button", {
      type: "button",
      class: "button button--wide button--big",
      text: option.label,
      attrs: { "aria-pressed": String(option.id === value) },
      on: { click: () => onSubmit(option.id) },
    }),
  );
  const form = h("div", { class: "pulse" }, buttons);
  return {
    form,
    getValue: () => value,
    setDisabled: (off) => buttons.forEach((button) => (button.disabled = off)),
    takesAnswers: true,
  };
}

register("pulse", "phone", { build });
