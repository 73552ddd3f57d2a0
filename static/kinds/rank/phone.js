// A ranking on the phone: the options in a numbered list, each with Move up and Move down
// buttons, so it works by touch, keyboard and screen reader alike (no dragging). After a move
// the focus stays on the moved option's button and a live region says where it is now.

import { register } from "../registry.js";
import { h, optionImage } from "../../common/dom.js";
import { answerForm, sendButton, disableAll } from "../../participant/form-parts.js";
import { t } from "../../common/messages.js";

/** The saved order if it is a whole ranking of these options, else the deck's order. */
function startingOrder(step, value) {
  const ids = step.options.map((o) => o.id);
  const whole = Array.isArray(value) && value.length === ids.length && ids.every((id) => value.includes(id));
  return whole ? [...value] : ids;
}

function build(step, { value = null, onSubmit, onChange } = {}) {
  if (!Array.isArray(step.options)) return null;
  const byId = new Map(step.options.map((o) => [o.id, o]));
  const count = step.options.length;
  const list = h("ol", { class: "rank-list" });
  const spoken = h("p", { class: "visually-hidden", attrs: { role: "status" } });
  const items = new Map();
  let off = false;

  for (const id of startingOrder(step, value)) {
    const option = byId.get(id);
    const { label } = option;
    const up = moveButton(t("Move up"), t("Move up: {option}", { option: label }), () => move(id, -1));
    const down = moveButton(t("Move down"), t("Move down: {option}", { option: label }), () => move(id, 1));
    const place = h("span", { class: "rank-item__place", attrs: { "aria-hidden": "true" } });
    const li = h(
      "li",
      { class: "rank-item", attrs: { "data-id": id } },
      place,
      // Not a control's label: the picture keeps its description, read with the option.
      optionImage(option, "6rem"),
      h("span", { class: "rank-item__label", text: label }),
      h("span", { class: "rank-item__moves" }, up, down),
    );
    items.set(id, { li, up, down, place, label });
    list.append(li);
  }

  function moveButton(text, name, onClick) {
    return h("button", {
      type: "button",
      class: "button button--secondary button--small rank-item__move",
      text,
      attrs: { "aria-label": name },
      on: { click: onClick },
    });
  }

  function order() {
    return [...list.children].map((li) => li.dataset.id);
  }

  // Each option's place number, and no button that would move it off either end.
  function refresh() {
    order().forEach((id, i) => {
      const item = items.get(id);
      item.place.textContent = String(i + 1);
      item.up.disabled = off || i === 0;
      item.down.disabled = off || i === count - 1;
    });
  }

  function move(id, by) {
    const now = order();
    const from = now.indexOf(id);
    const to = from + by;
    if (to < 0 || to >= count) return;
    const item = items.get(id);
    const other = items.get(now[to]).li;
    if (by < 0) list.insertBefore(item.li, other);
    else list.insertBefore(other, item.li);
    refresh();
    // Moving the node drops the focus; put it back on the same button, or on the other one
    // once the option reaches an end and this one can go no further.
    const pressed = by < 0 ? item.up : item.down;
    (pressed.disabled ? (by < 0 ? item.down : item.up) : pressed).focus();
    spoken.textContent = t("{option}: now {place} of {count}.", { option: item.label, place: to + 1, count });
    if (onChange) onChange(order());
  }

  const fieldset = h(
    "fieldset",
    {},
    h("legend", { text: t("Put these in order, most important first") }),
    h("p", { class: "hint", text: t("Use Move up and Move down. Number 1 is the most important to you.") }),
    list,
    spoken,
  );
  const form = answerForm("answer-form--rank", [fieldset, sendButton(t("Send my order"))], () => onSubmit(order()));
  refresh();

  return {
    form,
    getValue: order,
    setDisabled(disabled) {
      off = disabled;
      disableAll(form, disabled);
      refresh();
    },
    takesAnswers: true,
    texts: { changed: t("You changed your order. Press Send my order to save it.") },
  };
}

/** Under the results: the person's own order, so they can compare it with the room's. */
function revealed(step, mine) {
  if (!Array.isArray(mine) || !Array.isArray(step.options)) return [];
  const label = (id) => (step.options.find((o) => o.id === id) || { label: id }).label;
  return [h("p", {}, h("strong", { text: t("Your order:") + " " }), mine.map((id, i) => `${i + 1}. ${label(id)}`).join(", "))];
}

register("rank", "phone", { build, revealed });
