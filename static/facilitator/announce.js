// What the console says to screen readers when a new snapshot changes something (spoken
// through ../common/announcer.js, which the phone uses too).

import { t } from "../common/messages.js";

/** Say what changed between two snapshots: the step, answers open, results shown, the screen. */
export function describeChange(announce, before, after) {
  if (!before) return;
  if (after.stage === "ended" && before.stage !== "ended") return announce(t("The session has ended."));
  const beforeId = before.step ? before.step.id : null;
  const afterId = after.step ? after.step.id : null;
  if (beforeId !== afterId) {
    if (after.stage === "lobby") return announce(t("Back to the start: the room sees the join code."));
    if (after.step) return announce(t("Now showing step {number}: {title}", { number: after.step.index + 1, title: after.step.title }));
  }
  if (before.round !== after.round && after.round === 2) announce(t("The second vote is open."));
  else if (before.open !== after.open) announce(after.open ? t("Answers are open.") : t("Answers are closed."));
  else if (before.revealed !== after.revealed) {
    announce(after.revealed ? t("Results are showing to the room.") : t("Results are hidden from the room."));
  }
  if (Boolean(before.blanked) !== Boolean(after.blanked)) {
    announce(after.blanked ? t("The screen is blank.") : t("The screen shows again."));
  }
}
