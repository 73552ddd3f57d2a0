// What the console says to screen readers when a new snapshot changes something (spoken
// through ../common/announcer.js, which the phone uses too).

/** Say what changed between two snapshots: the step, answers open, results shown, the screen. */
export function describeChange(announce, before, after) {
  if (!before) return;
  if (after.stage === "ended" && before.stage !== "ended") return announce("The session has ended.");
  const beforeId = before.step ? before.step.id : null;
  const afterId = after.step ? after.step.id : null;
  if (beforeId !== afterId) {
    if (after.stage === "lobby") return announce("Back to the start: the room sees the join code.");
    if (after.step) return announce(`Now showing step ${after.step.index + 1}: ${after.step.title}`);
  }
  if (before.round !== after.round && after.round === 2) announce("The second vote is open.");
  else if (before.open !== after.open) announce(after.open ? "Answers are open." : "Answers are closed.");
  else if (before.revealed !== after.revealed) {
    announce(after.revealed ? "Results are showing to the room." : "Results are hidden from the room.");
  }
  if (Boolean(before.blanked) !== Boolean(after.blanked)) {
    announce(after.blanked ? "The screen is blank." : "The screen shows again.");
  }
}
