// Results made of numbers: how many answered in each band of the range (the bins the
// server worked out), with the middle answer, the average and where the middle half lie
// written out in words, so nothing relies on the length of a bar.

import { h, fill, people } from "./dom.js";

/** A number as the step writes it: with its decimals, and its unit when it has one. */
export function numberText(step, value, { unit = true } = {}) {
  const decimals = Number.isInteger(step.decimals) ? step.decimals : 0;
  const text = Number(value).toLocaleString("en-GB", { minimumFractionDigits: 0, maximumFractionDigits: decimals + 1 });
  return unit && step.unit ? `${text} ${step.unit}` : text;
}

function percent(part, whole) {
  return whole > 0 ? Math.round((part / whole) * 100) : 0;
}

/** options.mine: the viewer's own answer, to mark "Your answer" on its band. */
export function renderNumbers(container, step, results, { mine = null } = {}) {
  const count = Number(results.count || 0);
  const bins = Array.isArray(results.bins) ? results.bins : [];
  const sentences = [`${people(count)} answered.`];
  if (count > 0 && results.median !== null && results.median !== undefined) {
    sentences.push(`Middle answer (median): ${numberText(step, results.median)}.`);
    sentences.push(`Average: ${numberText(step, results.mean)}.`);
    const [lower, , upper] = Array.isArray(results.quartiles) ? results.quartiles : [];
    if (count > 1 && lower !== undefined && upper !== undefined) {
      sentences.push(`Half answered between ${numberText(step, lower, { unit: false })} and ${numberText(step, upper)}.`);
    }
  }
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
          h("span", { class: "bar__figure", text: `${people(n)}, ${pct}%` }),
          isMine ? h("span", { class: "bar__mine", text: "Your answer" }) : null,
        ),
        h("span", { class: "bar__track", attrs: { "aria-hidden": "true" } }, fillEl),
      ),
    );
  }
  fill(container, h("p", { class: "results__total", text: sentences.join(" ") }), list);
}
