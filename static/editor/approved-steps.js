// The library of approved steps in the editor: "Insert from the library" puts a copy of one
// into the deck, marked `library: {id, version}`; a marked step's wording is read-only until
// it is detached from the library (the server refuses a changed copy all the same).

import { t } from "../common/messages.js";
import { h } from "../common/dom.js";
import { request, messageOf } from "./api.js";

let entries = [];

/** Fetch the library's approved steps (their newest versions) for this deck's editor. */
export async function loadApprovedSteps(base) {
  const result = await request("GET", `${base}/approved-steps`);
  entries = result.ok ? result.data.entries : [];
  return result.ok ? null : messageOf(result, t("The library of approved steps is not available just now."));
}

/** The entry a step is a copy of, or null. */
export function approvedOf(step) {
  const marker = step && step.library;
  if (!marker || typeof marker !== "object") return null;
  return entries.find((e) => e.id === marker.id) || { id: marker.id, title: marker.id, version: marker.version };
}

/** Copies of an approved step, with ids that the deck's other steps do not have. */
function copiesOf(entry, steps) {
  const taken = new Set(steps.map((s) => s && s.id));
  return entry.steps.map((step) => {
    let id = step.id;
    for (let n = 2; taken.has(id); n += 1) id = `${step.id.slice(0, 36)}-${n}`;
    taken.add(id);
    return { ...JSON.parse(JSON.stringify(step)), id, library: { id: entry.id, version: entry.version } };
  });
}

/** The "Insert from the library" control. onInsert(at, count, entry) after the steps go in. */
export function insertControl(container, { getSteps, getAt, onInsert, announce }) {
  if (!entries.length) return;
  const choice = h("select", { id: "library-step", class: "input" },
    entries.map((e) => h("option", { value: e.id, text: t("{title} (version {version})", { title: e.title, version: e.version }) })));
  const insert = h("button", { type: "button", class: "button button--secondary", text: t("Insert from the library") });
  insert.addEventListener("click", () => {
    const entry = entries.find((e) => e.id === choice.value);
    const steps = getSteps();
    if (steps.some((s) => s && s.library && s.library.id === entry.id)) {
      announce(t("“{title}” is already in this deck.", { title: entry.title }), true);
      return;
    }
    const at = steps.length ? getAt() + 1 : 0;
    steps.splice(at, 0, ...copiesOf(entry, steps));
    onInsert(at, entry.steps.length, entry);
  });
  container.append(
    h("label", { class: "label", htmlFor: "library-step", text: t("Approved step from the library") }),
    h("div", { class: "add-step__row" }, choice, insert),
  );
}

/** What the form says of a copy of an approved step, with a way to detach it. */
export function approvedNotice(step, { steps, onDetach }) {
  const entry = approvedOf(step);
  if (!entry) return null;
  const detach = h("button", { type: "button", class: "button button--secondary", text: t("Detach from the library") });
  detach.addEventListener("click", () => {
    const message = t("Detach “{title}” from the library? Its wording becomes yours to change, and the deck will no longer be told when the approved step changes.", { title: entry.title });
    if (!window.confirm(message)) return;
    for (const s of steps) if (s && s.library && s.library.id === entry.id) delete s.library;
    onDetach(entry);
  });
  return h("div", { class: "notice notice--locked", attrs: { "data-approved": entry.id } },
    h("p", {}, h("strong", { text: t("Approved step from the library.") }), " ",
      t("This is “{title}”, version {version}. Its wording stays as approved; you can change its notes, timing and id. To change the wording, detach it from the library.", { title: entry.title, version: step.library.version })),
    h("p", {}, detach));
}
