// Whether two answers are the same, so an unchanged answer is neither re-sent nor
// flagged as changed.

/**
 * Same answer? Objects key by key; lists in their order, as the server compares them: a
 * ranking's order is its answer, and the phones' lists of choices and words come in the order
 * the form shows them.
 */
export function sameValue(a, b) {
  return stable(a) === stable(b);
}

function stable(value) {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Whether a personal snapshot brings an answer to the step on screen that this page did not
 * send (a helper's device sent it): not while this page has an answer of its own on the way
 * or unsaved, which must not be drawn over. On a second vote (round 2) it is the second vote
 * that counts, kept apart in me.second_votes.
 */
export function answeredElsewhere(snapshot, stepId, shownAnswer, status, round = 1) {
  if (!snapshot.me || !stepId || !snapshot.me.responses) return false;
  if (["sending", "waiting", "offline", "changed"].includes(status)) return false;
  const votes = round === 2 ? snapshot.me.second_votes || {} : snapshot.me.responses;
  const stored = votes[stepId];
  return stored !== undefined && !sameValue(stored, shownAnswer);
}
