// The console's "Now showing" card: the current step as the physio needs it,
// with the notes the room never sees.

import { h, fill, setStepBody, stepImage } from "../common/dom.js";

export const KIND_NAMES = {
  slide: "Slide",
  poll: "Poll",
  quiz: "Quiz",
  scale: "Scale",
  wordcloud: "Word cloud",
  open: "Open question",
  reflect: "Reflection",
  discuss: "Discussion",
  plan: "Action plan",
  feedback: "Feedback",
};

/** Kinds whose answers only the physio sees: the room never gets results. */
export const PRIVATE_KINDS = new Set(["reflect", "plan", "discuss"]);

export function takesAnswers(step) {
  if (!step || step.kind === "slide") return false;
  return step.kind !== "discuss" || Boolean(step.report_back);
}

function kindText(step) {
  const name = KIND_NAMES[step.kind] || step.kind;
  if (step.kind === "poll" || step.kind === "quiz") return `${name}, ${step.multiple ? "more than one answer" : "one answer"}`;
  if (step.kind === "scale") return `${name} ${step.min} to ${step.max}`;
  if (step.kind === "wordcloud") return `${name}, up to ${step.max_words} each`;
  if (step.kind === "discuss") return `${name}, groups of ${step.group_size}`;
  return name;
}

export function renderStage(el, snap) {
  if (!snap) return;
  if (snap.stage === "ended") {
    fill(el, h("h3", { text: "This session has ended" }), h("p", {}, h("a", { href: "/", text: "Go back to your classes" })));
    return;
  }
  if (snap.stage === "lobby" || !snap.step) {
    fill(
      el,
      h("h3", { text: "Waiting to start — press Next to show the first step" }),
      h("p", { class: "muted", text: "The screen shows the join code and how many people have joined." }),
    );
    return;
  }
  const step = snap.step;
  const parts = [
    h(
      "p",
      { class: "step-meta" },
      `Step ${step.index + 1} of ${snap.step_count} · ${kindText(step)}`,
      step.locked ? h("span", { class: "tag tag--safety", text: "Safety" }) : null,
      // `takeaway` is a flag: the slide is a key message kept in people's notebooks.
      step.takeaway ? h("span", { class: "tag tag--key", text: "Key message" }) : null,
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
  if (step.explanation) parts.push(h("p", { class: "explanation" }, h("strong", { text: "Explanation: " }), step.explanation));
  parts.push(stateLine(snap, step));
  if (step.notes) {
    parts.push(
      h(
        "div",
        { class: "notes" },
        h("h3", { text: "Your notes (the room does not see these)" }),
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
  if (takesAnswers(step)) {
    states.push(snap.open ? ["on", "✓", "Answers open"] : ["off", "✕", "Answers closed"]);
    if (PRIVATE_KINDS.has(step.kind)) states.push(["off", "", "Private: the room never sees these"]);
    else states.push(snap.revealed ? ["on", "✓", "Results showing to the room"] : ["off", "✕", "Results hidden from the room"]);
  }
  if (snap.blanked) states.push(["alert", "■", "Screen blank"]);
  if (!states.length) return null;
  return h(
    "ul",
    { class: "state-line", attrs: { "aria-label": "The room now" } },
    states.map(([kind, mark, text]) =>
      h("li", { class: `state state--${kind}` }, mark ? h("span", { text: `${mark} `, attrs: { "aria-hidden": "true" } }) : null, text),
    ),
  );
}

// What each kind adds under the title: options, prompts, cards…
function details(step) {
  const parts = [];
  if (step.kind === "feedback" && step.question) parts.push(h("p", { class: "fft-question" }, h("strong", { text: step.question })));
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
            option.label,
            correct.has(option.id) ? h("span", { class: "correct-mark", text: " ✓ Correct" }) : null,
          ),
        ),
      ),
    );
  }
  if (step.kind === "scale") {
    parts.push(h("p", { text: `From ${step.min} (${step.min_label || ""}) to ${step.max} (${step.max_label || ""}).` }));
  }
  if (step.kind === "reflect" && Array.isArray(step.prompts)) {
    parts.push(h("ul", { class: "option-list" }, step.prompts.map((p) => h("li", { text: p.label }))));
  }
  if (step.kind === "discuss" && Array.isArray(step.cards)) {
    parts.push(
      h("p", { class: "muted", text: step.report_back ? "Each group can send you one note." : "No notes: groups only talk." }),
      h("details", { class: "card-deck" }, h("summary", { text: `All ${step.cards.length} cards` }), h("ul", {}, step.cards.map((c) => h("li", { text: c.text })))),
    );
  }
  return parts;
}
