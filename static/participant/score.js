// A person's own quiz score, once the class has ended, in a session whose physio chose to
// count scores. Only this phone is ever sent it; without one nothing is drawn.

import { plural, formatNumber } from "../common/messages.js";

let said = "";

/** Show `score` ({right, of}) in `el`, or nothing; read it out once when it first shows. */
export function drawScore(el, score, announce) {
  if (!el) return;
  const valid = score && Number.isInteger(score.right) && Number.isInteger(score.of) && score.of > 0;
  el.hidden = !valid;
  if (!valid) {
    el.textContent = "";
    return;
  }
  const text = plural("You got {right} of {count} quiz question right.", "You got {right} of {count} quiz questions right.", score.of, { right: formatNumber(score.right) });
  if (el.textContent !== text) el.textContent = text;
  if (said !== text) {
    said = text;
    announce(text);
  }
}
