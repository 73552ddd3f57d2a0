// A step's options as the projector lists them, the right ones marked once revealed.

import { h, optionImage, said, PAGE_VOICES } from "../common/dom.js";

/** The options as a list (null when the step has none); correct: option ids to mark, their
 *  badge said in `voices` (the room languages). */
export function choiceList(step, correct = null, voices = PAGE_VOICES) {
  if (!Array.isArray(step.options)) return null;
  const right = new Set(correct || []);
  return h(
    "ul",
    { class: `choices ${step.options.length > 4 ? "choices--many" : ""}` },
    step.options.map((option) =>
      h(
        "li",
        { class: `choice ${right.has(option.id) ? "choice--correct" : ""}` },
        optionImage(option, "10vw"),
        h("span", { text: option.label }),
        right.has(option.id) ? h("span", { class: "bar__badge" }, said(voices, (v) => "✓ " + v.t("Correct answer"))) : null,
      ),
    ),
  );
}
