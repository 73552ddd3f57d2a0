// What the projector shows of a step before results are revealed, and how revealed results
// are drawn. The step's kind draws its own part (see ../kinds/); private kinds without one
// show only that people are writing.

import "../kinds/screen.js";
import { partOf } from "../kinds/registry.js";
import { renderResults, hasFigures, answerCount } from "../common/results.js";
import { h, fill, said, PAGE_VOICES } from "../common/dom.js";
import { choiceList } from "./choices.js";

/** Whether revealed results take the step's space (so the side strip steps aside). */
export function showsResults(snap) {
  const step = snap && snap.step;
  return Boolean(step && snap.revealed && step.is_activity && !step.private);
}

/** Whether the step's own content already tells people to answer on their phones. */
export function saysWhereToAnswer(step) {
  return Boolean(partOf(step, "screen").saysWhereToAnswer);
}

/** The step's own content under its title, before any reveal; its fixed words said in each
 *  of `voices` (the room languages; the page's unless given). */
export function questionView(step, snap, correct = null, voices = PAGE_VOICES) {
  const { question } = partOf(step, "screen");
  if (question) return question(step, snap, correct, voices);
  if (step.private) return h("p", { class: "private-message" }, said(voices, (v) => v.t("Everyone is writing privately")));
  return h("div", {}, choiceList(step, correct, voices));
}

/** Draw revealed results (or why they are not shown yet) into box. `shown`: the step in each
 *  room language, the first first (`[{voice, step}]`); the figures are drawn once, with the
 *  first language's labels, so each option is counted once, and their own words in every
 *  language. */
export function drawResults(box, shown, snap, results) {
  const voices = shown.map((s) => s.voice);
  const step = labelled(shown[0]);
  const current = results && results.step_id === step.id ? results : null;
  // Only a revealed quiz carries `correct` and `explanation`.
  const correct = step.correct || null;
  let figures;
  if (!hasFigures(current)) {
    // The right answer and its explanation still show: they give away nobody's answer.
    const count = answerCount(current);
    figures = h(
      "div",
      { class: "chart" },
      correct ? questionView(step, snap, correct, voices) : null,
      h("p", { class: "withheld" }, said(voices, (v) => v.t("Results will show when more people have answered ({count} so far).", { count: v.formatNumber(count) }))),
    );
  } else {
    const many = Array.isArray(step.options) && step.options.length > 4;
    figures = h("div", { class: `chart chart--${step.kind} ${many ? "chart--many" : ""}` });
    renderResults(figures, step, current, { correct, cloud: { smallest: 1.3, largest: 4.2 }, voices });
  }
  const explained = Boolean(step.explanation);
  box.classList.toggle("screen-results--split", explained);
  fill(box, figures, explained ? explanation(shown) : null);
}

// Options worded in another language than the room's first (the FFT's English, unless the
// deck's translation is its official wording) are marked with theirs.
function labelled({ voice, step }) {
  const lang = step.fft_language;
  if (!lang || lang === voice.code || !Array.isArray(step.options)) return step;
  return { ...step, options: step.options.map((option) => ({ ...option, lang })) };
}

// The quiz's explanation in each room language, each after its "Why:".
function explanation(shown) {
  const voices = shown.map((s) => s.voice);
  const inVoice = (v) => shown.find((s) => s.voice === v).step.explanation || shown[0].step.explanation;
  return h("p", { class: "explanation" }, said(voices, (v) => [h("strong", { text: v.t("Why:") + " " }), inVoice(v)]));
}
