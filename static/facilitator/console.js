// The physio's console: shows the current step with notes, steers the room
// (next, back, go to, open/close, reveal/hide, blank the screen, end, the timer),
// shows live results, questions and red-flag alerts, answers for people without
// phones and replies to private questions. Everything shown is
// drawn from the latest snapshot; commands only ask the server, which answers
// with a new one. A self-paced session has no room to steer: the console shows
// where people are instead, and the answers to any question on request.

import { connectLive } from "../common/live.js";
import { h, fill } from "../common/dom.js";
import { renderStage, kindLabel } from "./stage.js";
import { renderResultsPanel } from "./results-panel.js";
import { TimerPanel } from "./timer-panel.js";
import { QuestionsPanel } from "./questions-panel.js";
import { ReactionsPanel } from "./reactions-panel.js";
import { AlertsPanel } from "./alerts-panel.js";
import { ProgressPanel } from "./progress-panel.js";
import { ChosenResults } from "./chosen.js";
import { IdleNotice } from "./idle-notice.js";
import { PacingLine } from "./pacing-line.js";
import { PeoplePanel } from "./people-panel.js";
import { LaterPanel } from "./later-panel.js";
import { ScreenLanguage } from "./screen-language.js";
import { describeChange } from "./announce.js";
import { foldTheRest } from "./remote.js";
import { announcer } from "../common/announcer.js";
import { t, plural } from "../common/messages.js";

const root = document.getElementById("console");
const $ = (id) => document.getElementById(id);
const els = {
  connection: $("connection"),
  feedback: $("feedback"),
  announce: $("announce"),
  count: $("participant-count"),
  stage: $("stage"),
  nextUp: $("next-up"),
  back: $("btn-back"),
  next: $("btn-next"),
  open: $("btn-open"),
  reveal: $("btn-reveal"),
  voteAgain: $("btn-vote-again"),
  end: $("btn-end"),
  visibility: $("results-visibility"),
  results: $("results"),
  resultsFor: $("results-for"),
  outline: $("outline"),
  outlinePanel: document.querySelector(".outline-panel"),
  keysHint: $("keys-hint"),
  stageCard: document.querySelector(".stage"),
  controlsRow: document.querySelector(".controls__row"),
  blank: $("btn-blank"),
  unblank: $("btn-unblank"),
  blankBanner: $("blank-banner"),
};

const announce = announcer(els.announce);
const announceChange = (before, after) => describeChange(announce, before, after);

let snap = null;
let results = null;
let outlineKey = "";
// Known before the first snapshot, so no step controls flash up in a self-paced session.
const selfPaced = root.dataset.mode === "self-paced";

const timer = new TimerPanel($("timer-panel"), { command, announce });
const questions = new QuestionsPanel($("questions-panel"), { command });
const reactions = new ReactionsPanel($("reactions-panel"));
const idle = new IdleNotice($("idle-notice"));
// The pacing line is for those who run the class (the server answers a moderator 404).
const pacing = new PacingLine($("pacing"), { sessionId: root.dataset.sessionId });
if (root.dataset.role !== "moderator") pacing.start();
// Answering for someone happens on the room's step, so a self-paced session has no such panel.
const peoplePanel = selfPaced ? null : new PeoplePanel($("people-panel"), { sessionId: root.dataset.sessionId, command });
const later = new LaterPanel($("later-panel"), { command });
const screenLanguage = new ScreenLanguage($("screen-language-control"), { command });
const alerts = new AlertsPanel($("alerts-panel"), $("alerts"), { send: (e, p) => live.send(e, p), showError });

const progressPanel = selfPaced
  ? new ProgressPanel($("progress"), $("progress-summary"), { onChoose: (entry) => chosen.choose(entry.id) })
  : null;
// Self-paced: the question whose answers are shown.
const chosen = new ChosenResults({
  send: (e, p) => live.send(e, p),
  showError,
  announce,
  draw: drawResults,
  mark: (stepId) => progressPanel && progressPanel.choose(stepId),
});

const live = connectLive(
  "/facilitator",
  { session_id: root.dataset.sessionId },
  {
    onSnapshot(snapshot) {
      const previous = snap;
      snap = snapshot;
      results = snapshot.results || null;
      render();
      idle.update(snapshot);
      pacing.update(snapshot);
      announceChange(previous, snapshot);
    },
    onResults(update) {
      results = update;
      drawResults();
    },
    onPresence(count) {
      if (snap) snap.participant_count = count;
      renderCount();
    },
    onStatus: showConnection,
    events: {
      alert: (alert) => alerts.add(alert),
      idle_warning: (warning) => idle.show(warning),
      questions: (data) => questions.update(data.questions),
      reactions: (data) => reactions.update(data),
      later_questions: (data) => later.update(data.later_questions),
      progress(data) {
        if (!snap || !Array.isArray(data.progress)) return;
        snap.progress = data.progress;
        renderProgress();
        chosen.refreshSoon();
      },
    },
  },
);

// ---- connection and messages ----------------------------------------------

function showConnection(state, message) {
  const text = { connecting: t("Connecting…"), connected: t("Connected"), reconnecting: t("Reconnecting…") }[state];
  els.connection.textContent = text || t("Not connected");
  els.connection.dataset.state = state;
  if (state === "connected") clearFeedback();
  if (state === "refused") {
    // Most often the sign-in has run out: offer the way back in.
    fill(
      els.feedback,
      h(
        "div",
        { class: "notice notice--error" },
        h("p", { text: message || t("The server refused the connection.") }),
        root.dataset.signinUrl ? h("p", {}, h("a", { href: root.dataset.signinUrl, text: t("Sign in again") })) : null,
      ),
    );
  } else if (message) showError({ message });
}

function showError(error) {
  const message = (error && error.message) || t("Something went wrong. Please try again.");
  fill(els.feedback, h("p", { class: "notice notice--error", text: message }));
}

const clearFeedback = () => els.feedback.replaceChildren();

// ---- commands ---------------------------------------------------------------

async function command(event, payload) {
  clearFeedback();
  const ack = await live.send(event, payload);
  if (!ack.ok) showError(ack.error);
  return ack;
}

async function moderate(stepId, item, action) {
  const ack = await command("moderate", { step_id: stepId, item, action });
  // Self-paced results are fetched, never pushed: fetch them again to show the change.
  if (ack.ok && selfPaced) chosen.fetch();
  return ack;
}

// The seq makes a toggle from two consoles at once count once (the second is "stale").
function toggleBlank() {
  if (!snap || selfPaced || snap.stage === "ended") return;
  command("blank", { on: !snap.blanked, seq: snap.seq });
}

async function goto(index) {
  clearFeedback();
  let ack = await live.send("goto", { index });
  if (!ack.ok && ack.error && ack.error.code === "safety_unseen") {
    // A skip past an unseen safety step is a clinical record: ask first, and say so.
    const why = ack.error.message || t("The safety step has not been shown yet.");
    const skip = t("Skip it anyway? This is recorded, with your name and the time, in the session's report.");
    const question = [why, skip].join("\n\n");
    if (!window.confirm(question)) return;
    ack = await live.send("goto", { index, force: true });
  }
  if (!ack.ok) showError(ack.error);
}

function isOff(button) {
  return button.getAttribute("aria-disabled") === "true" || button.hidden;
}

function goNext() {
  if (!isOff(els.next)) command("next");
}

function goBack() {
  if (!isOff(els.back)) command("back");
}

els.next.addEventListener("click", goNext);
els.back.addEventListener("click", goBack);
els.open.addEventListener("click", () => {
  if (!isOff(els.open) && snap) command(snap.open ? "close" : "open");
});
els.reveal.addEventListener("click", () => {
  if (!isOff(els.reveal) && snap) command(snap.revealed ? "hide" : "reveal");
});
// Peer instruction: once the first vote is closed and the room has talked, vote again. The
// button goes once pressed, so keyboard focus moves on to closing the second vote.
els.voteAgain.addEventListener("click", async () => {
  if (isOff(els.voteAgain) || !snap) return;
  const ack = await command("vote_again", { seq: snap.seq });
  if (ack.ok) els.open.focus();
});
els.blank.addEventListener("click", toggleBlank);
foldTheRest($("btn-more"), root);
els.unblank.addEventListener("click", toggleBlank);
els.end.addEventListener("click", () => {
  if (isOff(els.end)) return;
  const sure = window.confirm(
    [t("End this session for everyone?"), t("Nobody will be able to answer any more, and the join code will stop working.")].join("\n\n"),
  );
  if (sure) command("end");
});
els.outline.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-index]");
  if (button && snap && snap.stage !== "ended") goto(Number(button.dataset.index));
});

// Arrow keys, Page Up/Down (presentation clickers send these) and Space; B or
// "." (a clicker's "blank" button) blanks the screen. A self-paced session has
// no room to move, nor has a moderator, so there the keys keep their usual meaning.
document.addEventListener("keydown", (event) => {
  if (selfPaced || root.dataset.role === "moderator") return; // a moderator does not move the room
  if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
  const target = event.target instanceof Element ? event.target : document.body;
  if (target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])")) return;
  const key = event.key;
  if (key === "b" || key === "B" || key === ".") {
    event.preventDefault();
    toggleBlank();
    return;
  }
  if (event.shiftKey) return;
  if (key === "ArrowRight" || key === "PageDown" || key === " " || key === "Spacebar") {
    // Space on a button or link should press it, not move the room on.
    if ((key === " " || key === "Spacebar") && target.closest("button, a, summary, [role='button']")) return;
    event.preventDefault();
    goNext();
  } else if (key === "ArrowLeft" || key === "PageUp") {
    event.preventDefault();
    goBack();
  }
});

// ---- drawing ------------------------------------------------------------------

function render() {
  renderCount();
  renderStage(els.stage, snap, { moderator: root.dataset.role === "moderator" });
  renderControls();
  renderOutline();
  renderProgress();
  renderBlanked();
  drawResults();
  timer.update(snap);
  questions.update(snap.questions);
  reactions.update(snap.reactions);
  if (peoplePanel) peoplePanel.update(snap);
  later.update(snap.later_questions);
  alerts.add(snap.alerts || []);
  screenLanguage.update(snap.room_languages);
}

function drawResults() {
  if (!snap) return;
  if (!selfPaced) {
    renderResultsPanel(els, snap, results, { moderate, command });
    return;
  }
  const step = chosen.shown ? chosen.shown.step : null;
  els.resultsFor.hidden = !step;
  els.resultsFor.textContent = step ? t("Step {number}: {title}", { number: step.index + 1, title: step.title }) : "";
  if (step) {
    // The chosen question, drawn as if the room were on it.
    const view = { ...snap, stage: "step", step, open: snap.stage !== "ended", revealed: false };
    renderResultsPanel(els, view, chosen.shown.results, { moderate, command });
  } else {
    fill(els.visibility);
    const text = chosen.id ? t("Loading the answers…") : t("Choose a question under “Where people are” to see its answers.");
    fill(els.results, h("p", { class: "muted", text }));
  }
}

function renderProgress() {
  if (!progressPanel || !snap) return;
  progressPanel.update(snap.outline, snap.progress, snap.participant_count);
}

function renderBlanked() {
  const blanked = Boolean(snap.blanked) && snap.stage !== "ended";
  els.blankBanner.hidden = !blanked;
  els.blank.textContent = blanked ? t("Show the screen again") : t("Blank the screen");
  document.body.dataset.blanked = String(blanked);
}

function renderCount() {
  const n = snap && typeof snap.participant_count === "number" ? snap.participant_count : 0;
  els.count.textContent = plural("{count} person joined", "{count} people joined", n);
}

function setOff(button, off) {
  if (off) button.setAttribute("aria-disabled", "true");
  else button.removeAttribute("aria-disabled");
}

function renderControls() {
  if (!snap) return;
  const ended = snap.stage === "ended";
  if (selfPaced) {
    // Nothing to steer: only End session stays (and the ended message once it has).
    els.controlsRow.hidden = true;
    els.keysHint.hidden = true;
    els.outlinePanel.hidden = true;
    els.stageCard.hidden = !ended;
    els.end.hidden = ended;
    fill(els.nextUp);
    return;
  }
  const step = snap.stage === "step" ? snap.step : null;
  setOff(els.back, ended || snap.stage === "lobby");
  setOff(els.next, ended || (step !== null && !snap.next_step));
  const answers = Boolean(step && step.takes_answers) && !ended;
  els.open.hidden = !answers;
  // Private kinds have nothing to show the room.
  els.reveal.hidden = !answers || step.private;
  const second = snap.round === 2;
  els.voteAgain.hidden = !answers || !step.vote_again || second || snap.open;
  els.open.textContent = snap.open ? (second ? t("Close the second vote") : t("Close answers")) : t("Open answers");
  els.reveal.textContent = snap.revealed ? t("Hide results") : t("Reveal results");
  // Once ended there is nothing left to steer.
  els.end.hidden = ended;
  els.back.hidden = ended;
  els.next.hidden = ended;
  els.blank.hidden = ended;
  els.keysHint.hidden = ended;

  if (ended) {
    fill(els.nextUp);
  } else if (snap.stage === "lobby") {
    const first = Array.isArray(snap.outline) && snap.outline.length ? snap.outline[0] : null;
    fill(els.nextUp, first ? [t("Next up:"), " ", h("strong", { text: first.title })] : []);
  } else if (snap.next_step) {
    fill(els.nextUp, t("Next up:"), " ", h("strong", { text: snap.next_step.title }));
  } else {
    fill(els.nextUp, t("This is the last step."));
  }
}

function renderOutline() {
  if (!snap || !Array.isArray(snap.outline)) return;
  // Build the list once (it does not change during a session) so focus stays put.
  const key = snap.outline.map((s) => s.id).join("|");
  if (key !== outlineKey) {
    outlineKey = key;
    fill(
      els.outline,
      snap.outline.map((entry) =>
        h(
          "li",
          {},
          h(
            "button",
            { type: "button", class: "outline__item", attrs: { "data-index": entry.index } },
            h("span", { class: "outline__number", text: `${entry.index + 1}.` }),
            h("span", { class: "outline__title", text: entry.title }),
            h("span", { class: "outline__kind", text: kindLabel(entry) }),
            entry.locked ? h("span", { class: "tag tag--safety", text: t("Safety") }) : null,
          ),
        ),
      ),
    );
  }
  const current = snap.stage === "step" && snap.step ? snap.step.index : -1;
  for (const button of els.outline.querySelectorAll("button[data-index]")) {
    if (Number(button.dataset.index) === current) {
      button.setAttribute("aria-current", "step");
      keepInView(button);
    } else button.removeAttribute("aria-current");
    setOff(button, snap.stage === "ended");
  }
}

// Scroll the outline list (not the page) so the current step stays visible.
function keepInView(button) {
  const list = els.outline;
  const top = button.offsetTop; // the list is the offsetParent (position: relative)
  const bottom = top + button.offsetHeight;
  if (top < list.scrollTop) list.scrollTop = top - 8;
  else if (bottom > list.scrollTop + list.clientHeight) list.scrollTop = bottom - list.clientHeight + 8;
}
