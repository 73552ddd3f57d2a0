// What the phone says about an answer as it goes (sending, saved, not sent yet…); a kind
// may say some of it in its own words (its phone part's `texts`).

const SAVED_TEXT = "Your answer is saved. You can change it until answers close.";
const TEXTS = {
  empty: "Please choose an answer first.",
  sending: "Sending…",
  offline: "Not sent yet. It will send when you are connected again.",
  waiting: "Not sent yet. We will keep trying.",
  saved: SAVED_TEXT,
  savedClosed: "Your answer is saved.",
  changed: "You changed your answer. Press Send answer to save it.",
};

export function answerTexts(kit) {
  return { ...TEXTS, ...(kit && kit.texts) };
}
