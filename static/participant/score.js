// A person's own quiz score, once the class has ended, in a session whose physio chose to
// count scores. Only this phone is ever sent it; without one nothing is drawn.

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
  const text = `You got ${score.right} of ${score.of} quiz ${score.of === 1 ? "question" : "questions"} right.`;
  if (el.textContent !== text) el.textContent = text;
  if (said !== text) {
    said = text;
    announce(text);
  }
}
