// What the phone says about an answer as it goes (sending, saved, not sent yet…); a kind
// may say some of it in its own words (its phone part's `texts`).

import { t } from "../common/messages.js";

const SAVED_TEXT = t("Your answer is saved. You can change it until answers close.");
const TEXTS = {
  empty: t("Please choose an answer first."),
  sending: t("Sending…"),
  offline: t("Not sent yet. It will send when you are connected again."),
  waiting: t("Not sent yet. We will keep trying."),
  saved: SAVED_TEXT,
  savedClosed: t("Your answer is saved."),
  changed: t("You changed your answer. Press Send answer to save it."),
};

export function answerTexts(kit) {
  return { ...TEXTS, ...(kit && kit.texts) };
}
