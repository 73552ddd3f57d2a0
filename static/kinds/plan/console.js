// Action plans on the console: how many have started and finished, and the
// plans people chose to share, each opened on demand.

import { register } from "../registry.js";
import { h, fill } from "../../common/dom.js";
import { t } from "../../common/messages.js";

const opened = new Set(); // which shared plans are open, kept across redraws
const closed = new Set(); // in a consultation plans start open; these were closed by hand

function panel(el, { step, results, snap }) {
  const consultation = Boolean(snap && snap.mode === "one-to-one");
  const started = results ? Number(results.started || 0) : 0;
  const finished = results ? Number(results.finished || 0) : 0;
  const shared = results && Array.isArray(results.shared) ? results.shared : [];
  const fields = Array.isArray(step.fields) ? step.fields : [];
  fill(
    el,
    h("p", { class: "big-figure", text: t("{started} started, {finished} finished", { started, finished }) }),
    h("p", { class: "muted", text: t("Plans are private. You see only the plans people chose to share with you.") }),
    shared.length ? h("h3", { text: t("Shared with you ({count})", { count: shared.length }) }) : h("p", { text: t("Nobody has shared a plan yet.") }),
    shared.map((entry, i) => planDetails(step, fields, entry, i, consultation)),
  );
}

function planDetails(step, fields, entry, i, consultation) {
  const key = `${step.id}:${entry.name}:${i}`;
  const details = h(
    "details",
    { class: "shared-plan", open: consultation ? !closed.has(key) : opened.has(key) },
    h("summary", { text: t("{name}'s plan", { name: entry.name }), attrs: { "data-focus-key": key } }),
    h(
      "dl",
      { class: "plan-list" },
      fields
        .filter((field) => !["share"].includes(field.name) && shown(entry.plan[field.name]) !== "")
        .map((field) => [h("dt", { text: field.label }), h("dd", { text: shown(entry.plan[field.name]) })]),
    ),
  );
  details.addEventListener("toggle", () => {
    if (details.open) {
      opened.add(key);
      closed.delete(key);
    } else {
      opened.delete(key);
      closed.add(key);
    }
  });
  return details;
}

function shown(value) {
  if (value === true) return t("Yes");
  if (value === false || value === null || value === undefined) return "";
  if (typeof value === "number") return t("{value} out of 10", { value });
  return String(value);
}

register("plan", "console", { label: t("Action plan"), panel });
