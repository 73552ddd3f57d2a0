// Results made of words: the word cloud and the wall of approved open answers.
// The cloud sizes each word by how many people sent it, but the number is
// always written next to it too, so size is never the only clue.

import { h, fill, people, said, PAGE_VOICES } from "./dom.js";

/**
 * options.smallest / options.largest: font sizes in em for the least and most sent word;
 * options.voices: the languages its own words are said in (the page's unless given).
 */
export function renderWordCloud(container, results, { smallest = 1, largest = 3, voices = PAGE_VOICES } = {}) {
  const words = Array.isArray(results.words) ? results.words : [];
  const total = Number(results.total || 0);
  if (!words.length) {
    fill(container, h("p", { class: "results__total" }, said(voices, (v) => v.t("{people} sent words. No words to show yet.", { people: people(total, v) }))));
    return;
  }
  const most = Math.max(1, ...words.map((w) => Number(w.count) || 0));
  const cloud = h("ul", { class: "cloud" });
  for (const word of words) {
    const count = Number(word.count) || 0;
    // Square root, so one very common word does not dwarf all the others.
    const share = most > 1 ? Math.sqrt((count - 1) / (most - 1)) : 1;
    const item = h(
      "li",
      { class: "cloud__word" },
      h("span", { class: "cloud__text", text: word.text }),
      h("span", { class: "cloud__count", text: String(count) }),
      h("span", { class: "visually-hidden", text: ` (${people(count, voices[0])})` }),
    );
    item.style.fontSize = `${(smallest + (largest - smallest) * share).toFixed(2)}em`;
    cloud.append(item);
  }
  fill(container, h("p", { class: "results__total" }, said(voices, (v) => v.t("{people} sent words.", { people: people(total, v) }))), cloud);
}

/** Approved open answers, starred first (the server sends them in that order). */
export function renderAnswerWall(container, results, { voices = PAGE_VOICES } = {}) {
  const answers = Array.isArray(results.answers) ? results.answers : [];
  if (!answers.length) {
    fill(container, h("p", { class: "results__total" }, said(voices, (v) => v.t("Answers will appear here once the physio shares them."))));
    return;
  }
  fill(
    container,
    h(
      "ul",
      { class: "wall" },
      answers.map((answer) =>
        h(
          "li",
          { class: `wall__item${answer.starred ? " wall__item--starred" : ""}` },
          answer.starred ? h("span", { class: "wall__star" }, said(voices, (v) => "★ " + v.t("Starred"))) : null,
          h("span", { class: "wall__text", text: answer.text }),
        ),
      ),
    ),
  );
}
