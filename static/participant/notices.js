// What the page says outside a step's own answer form: the connection line; the
// waiting and ended pages; a step's heading, body and picture, and which language it is in;
// and what a screen reader hears when the stage changes.

import { h, fill, setStepBody, stepImage } from "../common/dom.js";
import { t, languageName, inPageLanguage } from "../common/messages.js";

// The same words as the help page's note (templates/participant/_drafted.html).
const DRAFTED_NOTE = t(
  "This translation has not yet been checked by a fluent speaker. If anything is unclear, ask the physio, or read it in English.",
);

/** Returns showConnection(state, message); joinUrl is offered when the server refuses us. */
export function connectionNotice({ connection, problem }, joinUrl) {
  return function showConnection(state, message) {
    const text = { connecting: t("Connecting…"), connected: t("Connected"), reconnecting: t("Reconnecting…") }[state];
    if (connection) {
      connection.textContent = text || t("Not connected");
      connection.dataset.state = state;
    }
    if (state === "connected") {
      problem.replaceChildren();
    } else if (state === "refused" || state === "closed") {
      fill(
        problem,
        h(
          "div",
          { class: "notice notice--error" },
          h("p", { text: message || t("We could not connect you to the class.") }),
          state === "refused" ? h("p", {}, h("a", { href: joinUrl, text: t("Join the class again") })) : null,
        ),
      );
    }
  };
}

export const SELF_PACED = "self-paced";

export function stepCountText(snapshot) {
  return t("Step {number} of {count}", { number: snapshot.step.index + 1, count: snapshot.step_count });
}

export function endedTitle(snapshot) {
  return snapshot.mode === SELF_PACED ? t("This session has closed. Thank you.") : t("The class has ended. Thank you.");
}

/** The whole page for a stage without a step (ended, or waiting to start); null on a step. */
export function stageParts(snapshot) {
  if (snapshot.stage === "ended") {
    return [
      h("h1", { id: "step-heading", tabIndex: -1, text: endedTitle(snapshot) }),
      h("p", { id: "my-score", class: "my-score", hidden: true }),
      h("p", { text: t("Before you go, you can keep what you made in a private notebook. Then you can close this page.") }),
    ];
  }
  if (snapshot.stage !== "step" || !snapshot.step) {
    return [
      h("h1", { text: t("You're in. The class will start soon.") }),
      h("p", { class: "waiting", text: t("Keep this page open. It will change when the physio starts.") }),
    ];
  }
  return null;
}

/** A step's heading, key-message mark, body and picture: what comes before its form. */
export function stepHead(snapshot, step) {
  const parts = [];
  if (snapshot.mode === SELF_PACED) parts.push(h("p", { class: "step-count", text: stepCountText(snapshot) }));
  const lang = deckWordsLanguage(step);
  parts.push(h("h1", { id: "step-heading", tabIndex: -1, text: step.title, attrs: { lang } }));
  const languageNote = deckLanguageNote(step.language);
  if (languageNote) parts.push(languageNote);
  // takeaway is a flag marking a key message (kept in the notebook), not text to show.
  if (step.takeaway === true) parts.push(h("p", { class: "key-message", text: t("Key message") }));
  if (step.body_html) {
    const body = h("div", { class: "prose step-body", attrs: { lang } });
    setStepBody(body, step.body_html);
    parts.push(body);
  }
  if (step.image && step.image.url) parts.push(stepImage(step.image, "step-image", "(min-width: 40rem) 38rem, calc(100vw - 2rem)"));
  return parts;
}

/** What the phone says when the deck is not (all) in its language, in the phone's language:
 *  which language the step is shown in, and beside a clinical step of a translation nobody
 *  fluent has checked, the drafted note. Null when there is nothing to say. */
export function deckLanguageNote(note) {
  if (!note) return null;
  const lines = [];
  if (!inPageLanguage(note.shown)) {
    lines.push(t("This part is shown in {language}.", { language: languageName(note.shown) }));
  } else if (Array.isArray(note.untranslated) && note.untranslated.length > 0) {
    lines.push(t("Some of this part is shown in {language}.", { language: languageName(note.deck) }));
  }
  if (note.drafted) lines.push(DRAFTED_NOTE);
  if (lines.length === 0) return null;
  const paragraphs = lines.map((text) => h("p", { text }));
  return h("div", { class: "translation-note deck-language" }, paragraphs);
}

/** The language of the step's own words when it is not the page's (the deck has no
 *  translation into it), so that a screen reader reads them in that language; else null. */
function deckWordsLanguage(step) {
  const shown = step.language ? step.language.shown : null;
  return shown && !inPageLanguage(shown) ? shown : null;
}

// After Back or Next the person lands on the new step's heading, so a screen
// reader starts reading the new content; the live region adds where they are.
export function landOnStep(announce, snapshot) {
  const heading = document.getElementById("step-heading");
  if (heading) heading.focus();
  if (snapshot.stage === "step" && snapshot.step) announce(`${stepCountText(snapshot)}.`);
  else announceStage(announce, snapshot);
}

export function announceStage(announce, snapshot) {
  if (snapshot.stage === "ended") announce(endedTitle(snapshot) + " " + t("You can keep your notebook."));
  else if (snapshot.stage === "lobby") announce(t("Waiting for the class to start."));
  else if (snapshot.step && snapshot.round === 2) announce(t("Vote again: {title}", { title: snapshot.step.title }));
  else if (snapshot.step && snapshot.mode === SELF_PACED) announce(`${stepCountText(snapshot)}: ${snapshot.step.title}`);
  else if (snapshot.step && snapshot.step.is_activity) announce(t("New activity: {title}", { title: snapshot.step.title }));
  else if (snapshot.step) announce(t("Now showing: {title}", { title: snapshot.step.title }));
}
