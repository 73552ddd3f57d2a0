// Draws live results (bars for polls, quizzes and feedback, a histogram and
// the mean for scales, ordered bars for rankings and points, a word cloud, the
// wall of shared answers) for the console, the screen and the phone. Every
// number is also in text, so nothing relies on bar length or colour alone, and
// screen readers get the figures from a list or a visually-hidden table.

import { h, fill, people, optionImage, said, PAGE_VOICES } from "./dom.js";
import { renderWordCloud, renderAnswerWall } from "./text-results.js";
import { renderRanking, renderPoints } from "./ordered-results.js";
import { renderNumbers } from "./number-results.js";

/** How many people answered, whatever the kind. */
export function answerCount(results) {
  if (!results) return 0;
  return Number(results.total ?? results.count ?? 0);
}

function percent(part, whole) {
  return whole > 0 ? Math.round((part / whole) * 100) : 0;
}

function setWidth(el, pct) {
  // CSSOM writes are allowed by the CSP (only style attributes in markup are not).
  el.style.width = `${Math.max(0, Math.min(100, pct))}%`;
}

function setHeight(el, pct) {
  el.style.height = `${Math.max(0, Math.min(100, pct))}%`;
}

/** Whether a results message has figures to draw (it is not withheld and not empty). */
export function hasFigures(results) {
  if (results && results.second_vote && hasFigures(results.second_vote)) return true;
  if (!results || results.withheld) return false;
  return Boolean(
    results.counts ||
      results.histogram ||
      results.bins ||
      results.words ||
      results.answers ||
      results.mean_position ||
      results.mean_points,
  );
}

/**
 * Render results into container, drawn after what they hold (whatever the step's kind):
 * a histogram and mean, bins of a range of numbers, a word cloud, a wall of shared answers,
 * options in the room's order (average places, average points), or bars per option, with the
 * Friends and Family Test's % positive and negative under bars that carry them.
 * step: the snapshot's step (options, or min/max and labels).
 * results: a results object that is not withheld.
 * options.correct: option ids to mark as correct (quiz, once revealed), or null.
 * options.mine: the viewer's own answer, to mark "Your answer" on the phone.
 * options.cloud: {smallest, largest} font sizes (em) for a word cloud.
 * options.voices: the languages the results' own words are said in (the page's unless given;
 *   the screen's room languages, one under the other, the first first).
 */
export function renderResults(container, step, results, given = {}) {
  if (!step || !results) {
    fill(container);
    return;
  }
  const options = { ...given, voices: given.voices || PAGE_VOICES };
  if (results.second_vote) {
    renderBothVotes(container, step, results, options);
  } else if (results.histogram) {
    renderScale(container, step, results, options);
  } else if (results.bins) {
    renderNumbers(container, step, results, options);
  } else if (results.words) {
    renderWordCloud(container, results, { ...options.cloud, voices: options.voices });
  } else if (results.answers) {
    renderAnswerWall(container, results, options);
  } else if (results.mean_position) {
    renderRanking(container, step, results, options);
  } else if (results.mean_points) {
    renderPoints(container, step, results, options);
  } else {
    renderBars(container, step, results, options);
    if ("positive" in results) container.append(feedbackLine(results, options.voices));
  }
}

function renderBars(container, step, results, { correct = null, mine = null, voices = PAGE_VOICES } = {}) {
  const total = Number(results.total || 0);
  const counts = results.counts || {};
  const correctSet = new Set(correct || []);
  const mineSet = new Set(Array.isArray(mine) ? mine : mine == null ? [] : [mine]);
  const list = h("ul", { class: "bars" });
  for (const option of step.options || []) {
    const count = Number(counts[option.id] || 0);
    const pct = percent(count, total);
    const isCorrect = correctSet.has(option.id);
    const fillEl = h("span", { class: "bar__fill" });
    setWidth(fillEl, pct);
    list.append(
      h(
        "li",
        { class: `bar${isCorrect ? " bar--correct" : ""}` },
        h(
          "span",
          { class: "bar__text" },
          // The description was said with the question; here the label names the bar.
          optionImage(option, "4rem", ""),
          h("span", { class: "bar__label", text: option.label, attrs: { lang: option.lang } }),
          h("span", { class: "bar__figure" }, said(voices, (v) => `${people(count, v)}, ${v.formatNumber(pct)}%`)),
          isCorrect ? h("span", { class: "bar__badge" }, said(voices, (v) => "✓ " + v.t("Correct answer"))) : null,
          mineSet.has(option.id) ? h("span", { class: "bar__mine" }, said(voices, (v) => v.t("Your answer"))) : null,
        ),
        h("span", { class: "bar__track", attrs: { "aria-hidden": "true" } }, fillEl),
      ),
    );
  }
  // One line of totals, so the projector keeps room for the bars.
  const sentences = (v) => {
    const words = [v.t("{people} answered.", { people: people(total, v) })];
    if (step.multiple) words.push(v.t("People could choose more than one answer."));
    if (results.correct_count !== undefined && results.correct_count !== null && total > 0) {
      words.push(v.t("{right} of {count} got it right.", { right: v.formatNumber(results.correct_count), count: v.formatNumber(total) }));
    }
    return words.join(" ");
  };
  fill(container, h("p", { class: "results__total" }, said(voices, sentences)), list);
}

// A step voted on twice (peer instruction): both votes side by side, each held back on its
// own below the session's minimum (the room's copy then has no counts), and for a quiz how
// many people moved to the right answer. options.mine marks the person's second vote.
function renderBothVotes(container, step, results, options) {
  const { second_vote: second, ...first } = results;
  const { voices } = options;
  const column = (title, figures, mine) => {
    const box = h("div", { class: "vote-round__figures" });
    if (figures.counts) renderBars(box, step, figures, { correct: options.correct, mine, voices });
    else box.append(h("p", { class: "withheld" }, said(voices, (v) => v.t("Held back until more people have voted ({count} so far).", { count: v.formatNumber(answerCount(figures)) }))));
    // The section is named in the first language, as the page reads it.
    return h("section", { class: "vote-round", attrs: { "aria-label": title(voices[0]) } }, h("p", { class: "vote-round__title" }, said(voices, title)), box);
  };
  const moved =
    typeof second.moved_to_correct === "number"
      ? h("p", { class: "results__note vote-rounds__moved" }, said(voices, (v) => v.t("{people} of the {count} who voted both times moved to the right answer.", { people: people(second.moved_to_correct, v), count: v.formatNumber(second.both) })))
      : null;
  fill(container, h("div", { class: "vote-rounds" }, column((v) => v.t("First vote"), first, null), column((v) => v.t("Second vote"), second, options.mine)), moved);
}

// The Friends and Family Test headline: % positive and % negative of everyone who answered.
function feedbackLine(results, voices) {
  const pct = (n) => (n === null || n === undefined ? "–" : `${Math.round(Number(n))}%`);
  return h(
    "p",
    { class: "results__note feedback-line" },
    said(voices, (v) => [
      h("strong", { text: v.t("{percent} positive", { percent: pct(results.positive) }) }),
      " " + v.t("(Very good or Good)") + " · ",
      h("strong", { text: v.t("{percent} negative", { percent: pct(results.negative) }) }),
      " " + v.t("(Poor or Very poor)"),
    ]),
  );
}

function renderScale(container, step, results, { voices }) {
  const count = Number(results.count ?? results.total ?? 0);
  const histogram = results.histogram || {};
  const min = Number.isInteger(step.min) ? step.min : 0;
  const max = Number.isInteger(step.max) ? step.max : 10;
  const values = [];
  for (let v = min; v <= max; v += 1) values.push([v, Number(histogram[String(v)] || 0)]);
  const highest = Math.max(1, ...values.map(([, n]) => n));

  const mean =
    results.mean === null || results.mean === undefined || count === 0
      ? h("p", { class: "results__mean" }, said(voices, (v) => v.t("No answers yet.")))
      : h(
          "p",
          { class: "results__mean" },
          said(voices, (v) => [
            v.t("Average:") + " ",
            h("strong", { text: v.formatNumber(Number(results.mean), { minimumFractionDigits: 1, maximumFractionDigits: 1 }) }),
            " " + v.t("out of {max} ({people} answered)", { max: v.formatNumber(max), people: people(count, v) }),
          ]),
        );

  // The drawing is hidden from screen readers; the table below carries the same numbers.
  const chart = h("div", { class: "histogram", attrs: { "aria-hidden": "true" } });
  for (const [value, n] of values) {
    const bar = h("span", { class: "histogram__bar" });
    setHeight(bar, (n / highest) * 100);
    chart.append(
      h(
        "span",
        { class: "histogram__col" },
        h("span", { class: "histogram__count", text: String(n) }),
        h("span", { class: "histogram__area" }, bar),
        h("span", { class: "histogram__value", text: String(value) }),
      ),
    );
  }
  const ends = h(
    "p",
    { class: "histogram__ends", attrs: { "aria-hidden": "true" } },
    h("span", { text: `${min} = ${step.min_label || ""}` }),
    h("span", { text: `${max} = ${step.max_label || ""}` }),
  );

  // A table cannot shrink to 1px itself (it would widen the page), so its wrapper is hidden.
  // The table is for screen readers alone: the first language's words, as the page reads it.
  const first = voices[0];
  const caption = first.t("How many people chose each number, from {min} ({minLabel}) to {max} ({maxLabel})", { min, minLabel: step.min_label || "", max, maxLabel: step.max_label || "" });
  const head = h("tr", {}, h("th", { attrs: { scope: "col" }, text: first.t("Number") }), h("th", { attrs: { scope: "col" }, text: first.t("People") }));
  const rows = values.map(([value, n]) =>
    h("tr", {}, h("th", { attrs: { scope: "row" }, text: String(value) }), h("td", { text: String(n) })),
  );
  const table = h(
    "div",
    { class: "visually-hidden" },
    h("table", {}, h("caption", { text: caption }), h("thead", {}, head), h("tbody", {}, rows)),
  );
  fill(container, mean, chart, ends, table);
}
