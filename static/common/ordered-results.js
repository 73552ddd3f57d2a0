// Results that put options in an order: a ranking's average places and a points step's
// average points, each drawn as bars from the room's first choice down. Every figure is in the
// text beside its bar, and the list is ordered, so a screen reader hears the order and the
// numbers; the bar's length only repeats them.

import { h, fill, people, optionImage, said, PAGE_VOICES } from "./dom.js";

function shown(n) {
  return Number.isInteger(n) ? String(n) : Number(n).toFixed(1);
}

// The picture's description was said with the question; here the label names the bar.
function bar(option, figure, widthPct, mine) {
  const fillEl = h("span", { class: "bar__fill" });
  fillEl.style.width = `${Math.max(0, Math.min(100, widthPct))}%`;
  return h(
    "li",
    { class: "bar" },
    h(
      "span",
      { class: "bar__text" },
      optionImage(option, "4rem", ""),
      h("span", { class: "bar__label", text: option.label }),
      h("span", { class: "bar__figure" }, figure),
      mine ? h("span", { class: "bar__mine" }, mine) : null,
    ),
    h("span", { class: "bar__track", attrs: { "aria-hidden": "true" } }, fillEl),
  );
}

/** The options in the room's order: lowest average place, then most often first, then as listed. */
export function rankedOptions(step, results) {
  const means = results.mean_position || {};
  const first = results.first || {};
  const placed = (step.options || []).map((option, n) => ({ option, n, mean: means[option.id], first: Number(first[option.id] || 0) }));
  const key = (p) => (p.mean === null || p.mean === undefined ? Infinity : Number(p.mean));
  return placed.sort((a, b) => key(a) - key(b) || b.first - a.first || a.n - b.n);
}

/** A ranking: each option's average place (1 is first) and how many put it first, its words
 *  in `voices` (the page's language unless given). */
export function renderRanking(container, step, results, { mine = null, voices = PAGE_VOICES } = {}) {
  const total = Number(results.total || 0);
  const count = (step.options || []).length;
  const myOrder = Array.isArray(mine) ? mine : [];
  const list = h("ol", { class: "bars bars--ranked" });
  for (const { option, mean, first } of rankedOptions(step, results)) {
    const known = mean !== null && mean !== undefined;
    const figure = said(voices, (v) => (known ? v.t("average place {place} of {count}, {first} put it first", { place: shown(mean), count, first }) : v.t("no places yet")));
    // The longest bar is the room's first choice: an average place of 1 fills it.
    const width = known && count ? ((count + 1 - Number(mean)) / count) * 100 : 0;
    const place = myOrder.indexOf(option.id);
    list.append(bar(option, figure, width, place >= 0 ? said(voices, (v) => v.t("You put it {place}", { place: place + 1 })) : null));
  }
  fill(container, h("p", { class: "results__total" }, said(voices, (v) => v.t("{people} put these in order. Lowest average place first.", { people: people(total, v) }))), list);
}

/** A points step: each option's average points, most points first, its words in `voices`. */
export function renderPoints(container, step, results, { mine = null, voices = PAGE_VOICES } = {}) {
  const total = Number(results.total || 0);
  const budget = Number(step.budget) || 100;
  const means = results.mean_points || {};
  const placed = (step.options || []).map((option, n) => ({ option, n, mean: means[option.id] }));
  placed.sort((a, b) => Number(b.mean || 0) - Number(a.mean || 0) || a.n - b.n);
  const list = h("ol", { class: "bars bars--ranked" });
  for (const { option, mean } of placed) {
    const known = mean !== null && mean !== undefined;
    const share = known ? (Number(mean) / budget) * 100 : 0;
    const figure = said(voices, (v) => (known ? v.t("average {points} points, {percent}% of them", { points: shown(mean), percent: Math.round(share) }) : v.t("no points yet")));
    const given = mine && typeof mine === "object" && !Array.isArray(mine) ? mine[option.id] : undefined;
    list.append(bar(option, figure, share, given === undefined ? null : said(voices, (v) => v.t("You gave {points}", { points: given }))));
  }
  fill(container, h("p", { class: "results__total" }, said(voices, (v) => v.t("{people} shared {budget} points each.", { people: people(total, v), budget }))), list);
}
