// Every kind of step's browser parts, found by the kind's name as the server sends it
// (`step.kind`). Each kind is a folder here, named after the kind, with one file per
// audience: phone.js, screen.js, console.js, editor.js (only those the kind needs). Each file
// registers its part under the kind's name; the pages import the lists in phone.js, screen.js,
// console.js and editor.js beside this file, and never branch on a kind's name.
//
// What a part may offer (every member is optional; the pages fall back on the step's flags):
//   phone:   build(step, ctx) -> answer kit or null; revealTitle; revealed(step, mine) -> nodes;
//            shownAnswer(mine) -> the part of the person's answer marked in the results
//   screen:  question(step, snap, correct, voices) -> node, its own words said in each of
//            voices (the room languages, common/dom.js's `said`); saysWhereToAnswer
//   console: label; summary(step) -> text; details(step) -> nodes; panel(el, ctx);
//            afterFigures(step, results) -> node; visibility(snap, step) -> text;
//            answerText(step, value) -> text
//   editor:  label; asksQuestion; start(step); fields(step, where, kit) -> nodes

const parts = { phone: new Map(), screen: new Map(), console: new Map(), editor: new Map() };

/** Add one audience's part of a kind. */
export function register(name, audience, part) {
  if (!parts[audience]) throw new Error(`No such audience for a kind's part: ${audience}`);
  parts[audience].set(name, part);
}

/** The part of a step's kind (or of a kind by name) for an audience; empty when it has none. */
export function partOf(stepOrKind, audience) {
  const name = typeof stepOrKind === "string" ? stepOrKind : stepOrKind && stepOrKind.kind;
  return parts[audience].get(name) || {};
}

/** The names of the kinds that have a part for an audience, in the order they registered. */
export function kindsWith(audience) {
  return [...parts[audience].keys()];
}
