// What the projector shows for each kind of step before results are revealed,
// and how revealed results are drawn. Private kinds (reflection, plan) show
// only that people are writing; a discussion shows the groups and the clock.

import { renderResults, hasFigures, answerCount } from "../common/results.js";
import { h, fill, plural } from "../common/dom.js";

export const PRIVATE_KINDS = new Set(["reflect", "plan"]);

/** Whether revealed results take the step's space (so the side strip steps aside). */
export function showsResults(snap) {
  const step = snap && snap.step;
  return Boolean(step && snap.revealed && !["slide", "reflect", "plan", "discuss"].includes(step.kind));
}

/** The step's own content under its title, before any reveal. */
export function questionView(step, snap, correct = null) {
  if (PRIVATE_KINDS.has(step.kind)) {
    return h("p", { class: "private-message", text: "Everyone is writing privately" });
  }
  if (step.kind === "discuss") {
    const n = Number(snap.group_count || 0);
    return h(
      "div",
      { class: "discuss-view" },
      h("p", { class: "groups-count", text: n ? plural(n, "group") : "Groups will show on your phones" }),
      h("div", { class: "big-timer-slot", id: "big-timer-slot" }),
    );
  }
  if (step.kind === "wordcloud") {
    const most = Number(step.max_words) || 1;
    return h("p", { class: "prompt-line", text: most === 1 ? "Send one word on your phone." : `Send up to ${most} words on your phone.` });
  }
  if (step.kind === "open") return h("p", { class: "prompt-line", text: "Type your answer on your phone." });
  const parts = [];
  if (step.kind === "feedback" && step.question) parts.push(h("p", { class: "fft-question", text: step.question }));
  if (Array.isArray(step.options)) {
    const right = new Set(correct || []);
    parts.push(
      h(
        "ul",
        { class: `choices ${step.options.length > 4 ? "choices--many" : ""}` },
        step.options.map((option) =>
          h(
            "li",
            { class: `choice ${right.has(option.id) ? "choice--correct" : ""}` },
            h("span", { text: option.label }),
            right.has(option.id) ? h("span", { class: "bar__badge", text: "✓ Correct answer" }) : null,
          ),
        ),
      ),
    );
  }
  if (step.kind === "scale") {
    parts.push(
      h(
        "p",
        { class: "scale-ends" },
        h("span", {}, h("strong", { text: String(step.min) }), ` = ${step.min_label || ""}`),
        h("span", {}, h("strong", { text: String(step.max) }), ` = ${step.max_label || ""}`),
      ),
    );
  }
  return h("div", {}, parts);
}

/** Draw revealed results (or why they are not shown yet) into box. */
export function drawResults(box, step, snap, results) {
  const current = results && results.step_id === step.id ? results : null;
  const correct = step.kind === "quiz" ? step.correct || [] : null;
  let figures;
  if (!hasFigures(current)) {
    // The right answer and its explanation still show: they give away nobody's answer.
    figures = h(
      "div",
      { class: "chart" },
      step.kind === "quiz" ? questionView(step, snap, correct) : null,
      h("p", { class: "withheld", text: `Results will show when more people have answered (${answerCount(current)} so far).` }),
    );
  } else {
    const many = Array.isArray(step.options) && step.options.length > 4;
    figures = h("div", { class: `chart chart--${step.kind} ${many ? "chart--many" : ""}` });
    renderResults(figures, step, current, { correct, cloud: { smallest: 1.3, largest: 4.2 } });
  }
  const explained = step.kind === "quiz" && Boolean(step.explanation);
  box.classList.toggle("screen-results--split", explained);
  fill(box, figures, explained ? h("p", { class: "explanation" }, h("strong", { text: "Why: " }), step.explanation) : null);
}
