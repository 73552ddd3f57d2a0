// Results made of numbers: how many answered in each band of the range (the bins the
// server worked out), with the middle answer, the average and where the middle half lie
// written out in words, so nothing relies on the length of a bar.

import { h, fill, people, said, PAGE_VOICES } from "./dom.js";
import { pageVoice } from "./messages.js";

/** A number as the step writes it: with its decimals, and its unit when it has one; in
 *  `voice`'s way of writing numbers (the page's unless given). */
export function numberText(step, value, { unit = true, voice = pageVoice } = {}) {
  const decimals = Number.isInteger(step.decimals) ? step.decimals : 0;
  const text = voice.formatNumber(Number(value), { minimumFractionDigits: 0, maximumFractionDigits: decimals + 1 });
  return unit && step.unit ? `${text} ${step.unit}` : text;
}

function percent(part, whole) {
  return whole > 0 ? Math.round((part / whole) * 100) : 0;
}

/** options.mine: the viewer's own answer, to mark "Your answer" on its band; options.voices:
 *  the languages its words are said in (the page's unless given). */
export function renderNumbers(container, step, results, { mine = null, voices = PAGE_VOICES } = {}) {
  const count = Number(results.count || 0);
  const bins = Array.isArray(results.bins) ? results.bins : [];
  const sentences = (v) => {
    const number = (value, options) => numberText(step, value, { ...options, voice: v });
    const words = [v.t("{people} answered.", { people: people(count, v) })];
    if (count > 0 && results.median !== null && results.median !== undefined) {
      words.push(v.t("Middle answer (median): {number}.", { number: number(results.median) }));
      words.push(v.t("Average: {number}.", { number: number(results.mean) }));
      const [lower, , upper] = Array.isArray(results.quartiles) ? results.quartiles : [];
      if (count > 1 && lower !== undefined && upper !== undefined) {
        words.push(v.t("Half answered between {lower} and {upper}.", { lower: number(lower, { unit: false }), upper: number(upper) }));
      }
    }
    return words.join(" ");
  };
  const mineNumber = typeof mine === "number" ? mine : null;
  const list = h("ul", { class: "bars bars--bins" });
  for (const bin of bins) {
    const n = Number(bin.count || 0);
    const pct = percent(n, count);
    const fillEl = h("span", { class: "bar__fill" });
    fillEl.style.width = `${Math.max(0, Math.min(100, pct))}%`;
    const isMine = mineNumber !== null && mineNumber >= bin.from && mineNumber <= bin.to;
    list.append(
      h(
        "li",
        { class: "bar" },
        h(
          "span",
          { class: "bar__text" },
          h("span", { class: "bar__label", text: step.unit ? `${bin.label} ${step.unit}` : String(bin.label) }),
          h("span", { class: "bar__figure" }, said(voices, (v) => `${people(n, v)}, ${v.formatNumber(pct)}%`)),
          isMine ? h("span", { class: "bar__mine" }, said(voices, (v) => v.t("Your answer"))) : null,
        ),
        h("span", { class: "bar__track", attrs: { "aria-hidden": "true" } }, fillEl),
      ),
    );
  }
  fill(container, h("p", { class: "results__total" }, said(voices, sentences)), list);
}
