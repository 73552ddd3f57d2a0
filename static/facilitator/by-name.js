// One-to-one consultations: each answer with the name of the person who gave it
// (`results.by_name`, sent to the console alone), written out in words.

import { h } from "../common/dom.js";
import { partOf } from "../kinds/registry.js";
import { t } from "../common/messages.js";

/** A table of name and answer, or null when the results carry no names. */
export function byNameTable(step, results, caption = t("Answers by name")) {
  const rows = results && Array.isArray(results.by_name) ? results.by_name : null;
  if (!rows || !rows.length) return null;
  return h(
    "div",
    { class: "by-name" },
    h(
      "table",
      { class: "table by-name__table" },
      h("caption", { class: "by-name__caption", text: caption }),
      h("thead", {}, h("tr", {}, h("th", { attrs: { scope: "col" }, text: t("Name") }), h("th", { attrs: { scope: "col" }, text: t("Answer") }))),
      h(
        "tbody",
        {},
        rows.map((row) => h("tr", {}, h("th", { attrs: { scope: "row" }, text: String(row.name) }), h("td", { text: answerText(step, row.value) }))),
      ),
    ),
  );
}

export function answerText(step, value) {
  if (value === null || value === undefined) return "";
  const own = partOf(step, "console").answerText;
  if (own) return own(step, value);
  if (Array.isArray(step.options)) {
    const chosen = Array.isArray(value) ? value : [value];
    const label = (id) => (step.options.find((o) => o.id === id) || { label: String(id) }).label;
    let text = chosen.map(label).join("; ");
    // Only a quiz has right answers.
    if (Array.isArray(step.correct)) {
      const right = chosen.length === step.correct.length && chosen.every((id) => step.correct.includes(id));
      text += " " + (right ? t("(right)") : t("(not right)"));
    }
    return text;
  }
  if (Array.isArray(value)) return value.map(String).join(", ");
  if (typeof value === "object") return Object.values(value).filter((v) => typeof v === "string" && v).join(" / ");
  return String(value);
}
