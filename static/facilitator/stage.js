// The console's "Now showing" card: the current step as the physio needs it,
// with the notes the room never sees.

import "../kinds/console.js";
import { partOf } from "../kinds/registry.js";
import { h, fill, setStepBody, stepImage, optionImage } from "../common/dom.js";
import { t } from "../common/messages.js";

/** A kind's name in words, for a step or an outline entry. */
export function kindLabel(step) {
  return partOf(step, "console").label || step.kind;
}

function kindText(step) {
  const { summary } = partOf(step, "console");
  return summary ? summary(step) : kindLabel(step);
}

/** `moderator`: the console of someone who looks after questions and alerts but does not
 *  move the room, so nothing here tells them to press what they do not have. */
export function renderStage(el, snap, { moderator = false } = {}) {
  if (!snap) return;
  if (snap.stage === "ended") {
    fill(el, h("h3", { text: t("This session has ended") }), h("p", {}, h("a", { href: "/", text: t("Go back to your classes") })));
    return;
  }
  if (snap.stage === "lobby" || !snap.step) {
    fill(
      el,
      moderator
        ? h("h3", { text: t("Waiting to start — the facilitator shows the first step") })
        : h("h3", { text: t("Waiting to start — press Next to show the first step") }),
      moderator
        ? h("p", { class: "muted", text: t("Each step appears here as the room sees it. Questions and alerts come to you as they arrive.") })
        : h("p", { class: "muted", text: t("The screen shows the join code and how many people have joined.") }),
    );
    return;
  }
  const step = snap.step;
  const parts = [
    h(
      "p",
      { class: "step-meta" },
      t("Step {number} of {count} · {kind}", { number: step.index + 1, count: snap.step_count, kind: kindText(step) }),
      step.locked ? h("span", { class: "tag tag--safety", text: t("Safety") }) : null,
      // `takeaway` is a flag: the slide is a key message kept in people's notebooks.
      step.takeaway ? h("span", { class: "tag tag--key", text: t("Key message") }) : null,
    ),
    h("h3", { class: "step-title", text: step.title }),
  ];
  if (step.body_html) {
    const body = h("div", { class: "prose step-body" });
    setStepBody(body, step.body_html);
    parts.push(body);
  }
  if (step.image && step.image.url) parts.push(stepImage(step.image, "step-image", "24rem"));
  parts.push(...details(step));
  if (step.explanation) parts.push(h("p", { class: "explanation" }, h("strong", { text: t("Explanation:") }), " ", step.explanation));
  parts.push(stateLine(snap, step));
  if (step.notes) {
    parts.push(
      h(
        "div",
        { class: "notes" },
        h("h3", { text: moderator ? t("The facilitator's notes (the room does not see these)") : t("Your notes (the room does not see these)") }),
        h("p", { class: "notes__text", text: step.notes }),
      ),
    );
  }
  fill(el, parts);
}

// What the room can do and see right now, in words (a mark and a border style
// say the same, so nothing rests on colour).
function stateLine(snap, step) {
  const states = [];
  if (step.takes_answers) {
    states.push(snap.open ? ["on", "✓", t("Answers open")] : ["off", "✕", t("Answers closed")]);
    if (step.private) states.push(["off", "", t("Private: the room never sees these")]);
    else states.push(snap.revealed ? ["on", "✓", t("Results showing to the room")] : ["off", "✕", t("Results hidden from the room")]);
  }
  if (snap.blanked) states.push(["alert", "■", t("Screen blank")]);
  if (!states.length) return null;
  return h(
    "ul",
    { class: "state-line", attrs: { "aria-label": t("The room now") } },
    states.map(([kind, mark, text]) =>
      h("li", { class: `state state--${kind}` }, mark ? h("span", { text: `${mark} `, attrs: { "aria-hidden": "true" } }) : null, text),
    ),
  );
}

// What the kind adds under the title (prompts, cards…), then any options.
function details(step) {
  const { details: own } = partOf(step, "console");
  const parts = own ? own(step) : [];
  if (Array.isArray(step.options)) {
    const correct = new Set(step.correct || []);
    parts.push(
      h(
        "ol",
        { class: "option-list" },
        step.options.map((option) =>
          h(
            "li",
            { class: correct.has(option.id) ? "is-correct" : "" },
            optionImage(option, "4rem"),
            option.label,
            correct.has(option.id) ? h("span", { class: "correct-mark", text: " ✓ " + t("Correct") }) : null,
          ),
        ),
      ),
    );
  }
  return parts;
}
