// The projector screen: join details in the lobby, then the current step in
// large type. Results appear only when the physio reveals them and enough
// people have answered. Never shows presenter notes (the server sends none),
// nor anything private (reflections, plans, group notes). What each kind of
// step shows lives in kinds.js and the kinds' screen parts (../kinds/).

import { connectLive } from "../common/live.js";
import { h, fill, setStepBody, formatCode, stepImage } from "../common/dom.js";
import { Countdown } from "../common/countdown.js";
import { questionView, drawResults, showsResults, saysWhereToAnswer } from "./kinds.js";
import { renderQuestionsStrip } from "./questions-strip.js";
import { ScreenReactions } from "./reactions.js";
import { renderLeaderboard } from "./leaderboard.js";

const root = document.getElementById("screen");
const $ = (id) => document.getElementById(id);
const els = {
  lobby: $("lobby"),
  lobbySession: $("lobby-session"),
  lobbyCode: $("lobby-code"),
  joined: $("joined-count"),
  step: $("step"),
  title: $("step-title"),
  body: $("step-body"),
  extra: $("step-extra"),
  ended: $("ended"),
  leaderboard: $("leaderboard"),
  strip: $("join-strip"),
  stripCode: $("strip-code"),
  stripCount: $("strip-count"),
  status: $("screen-status"),
  timer: $("screen-timer"),
  timerSlot: $("timer-slot"),
  questions: $("questions-strip"),
  row: $("stage-row"),
  label: $("step-label"),
  blank: $("blank"),
  blankStatus: $("blank-status"),
};

let snap = null;
let results = null;
let resultsBox = null;
let questions = [];
const reactions = new ScreenReactions($("screen-reactions"), $("reaction-layer"));

// The room hears nothing from the projector page; the clock is for reading.
const countdown = new Countdown(els.timer);

connectLive(
  "/screen",
  { key: root.dataset.screenKey },
  {
    onSnapshot(snapshot) {
      snap = snapshot;
      results = snapshot.results || null;
      questions = snapshot.questions || [];
      render();
      reactions.update(snapshot.reactions, snapshot.stage !== "ended");
    },
    onResults(update) {
      results = update;
      if (resultsBox && snap && snap.step) drawResults(resultsBox, snap.step, snap, results);
    },
    onPresence(count) {
      if (snap) snap.participant_count = count;
      renderCount();
    },
    events: {
      questions(data) {
        questions = data.questions || [];
        renderStrip();
      },
      reactions: (data) => reactions.update(data, Boolean(snap) && snap.stage !== "ended"),
    },
    onStatus(state, message) {
      // The room only needs to know when something is wrong.
      const text = {
        connecting: "",
        connected: "",
        reconnecting: "Reconnecting…",
        refused: message || "This screen link does not work.",
        closed: message,
      }[state];
      els.status.textContent = text || "";
      els.status.dataset.state = state;
    },
  },
);

// The QR code arrives as fixed-size SVG; a viewBox lets CSS scale it to the room.
const qr = document.querySelector(".qr svg");
if (qr && !qr.hasAttribute("viewBox")) {
  const width = parseFloat(qr.getAttribute("width"));
  const height = parseFloat(qr.getAttribute("height"));
  if (width > 0 && height > 0) qr.setAttribute("viewBox", `0 0 ${width} ${height}`);
}

function joinedText(n) {
  return n === 1 ? "1 person has joined" : `${n} people have joined`;
}

function renderCount() {
  const n = snap && typeof snap.participant_count === "number" ? snap.participant_count : 0;
  els.joined.textContent = joinedText(n);
  els.stripCount.textContent = joinedText(n);
}

function render() {
  if (!snap) return;
  const stage = snap.stage;
  els.lobby.hidden = stage !== "lobby";
  els.step.hidden = stage !== "step";
  els.row.hidden = stage !== "step";
  els.ended.hidden = stage !== "ended";
  renderLeaderboard(els.leaderboard, stage === "ended" ? snap.leaderboard : undefined);
  els.strip.hidden = stage !== "step";
  document.body.dataset.stage = stage;
  renderBlank(Boolean(snap.blanked) && stage !== "ended");

  if (snap.session && snap.session.title) els.lobbySession.textContent = snap.session.title;
  if (snap.join && snap.join.code) {
    const code = formatCode(snap.join.code);
    els.lobbyCode.textContent = code;
    els.stripCode.textContent = code;
  }
  renderCount();
  if (stage === "step" && snap.step) renderStep(snap.step);
  else resultsBox = null;
  countdown.update(stage === "step" ? snap.timer : null);
  renderStrip();
}

// Blanked: plain black, and nothing under it for a screen reader to find either.
function renderBlank(blanked) {
  const was = els.blank.hidden === false;
  els.blank.hidden = !blanked;
  root.hidden = blanked;
  if (blanked) els.strip.hidden = true;
  document.body.dataset.blanked = String(blanked);
  if (blanked !== was) els.blankStatus.textContent = blanked ? "Screen blanked" : "";
}

function renderStrip() {
  renderQuestionsStrip(els.questions, questions, Boolean(snap) && snap.stage === "step" && !showsResults(snap));
}

function renderStep(step) {
  els.title.textContent = step.title;
  // `takeaway` is a flag marking a key message, not text to show.
  els.label.hidden = !step.takeaway;
  els.step.classList.toggle("step--takeaway", Boolean(step.takeaway));
  setStepBody(els.body, step.body_html);
  const parts = [];
  if (step.image && step.image.url) {
    parts.push(stepImage(step.image, "step__image", "60vw"));
  }

  resultsBox = null;
  const revealed = showsResults(snap);
  els.step.classList.toggle("step--results", revealed);
  els.step.dataset.kind = step.kind;
  if (step.is_activity) {
    if (revealed) {
      resultsBox = h("div", { class: "screen-results" });
      parts.push(resultsBox);
    } else {
      if (snap.round === 2) {
        parts.push(h("p", { class: "vote-again-banner", text: "Vote again: what do you think now?" }));
        if (snap.group_count) parts.push(h("p", { class: "vote-again-groups", text: "Talk it over in your group first: your phone says who is in it." }));
      }
      parts.push(questionView(step, snap));
      if (!step.private && !(saysWhereToAnswer(step) && snap.open)) {
        parts.push(
          h("p", {
            class: `answer-hint ${snap.open ? "" : "answer-hint--closed"}`,
            text: snap.open ? "Answer on your phone." : "Answers are closed.",
          }),
        );
      }
    }
  }
  fill(els.extra, parts);
  // A discussion shows the clock big in the middle; any other step, in the corner.
  const bigSlot = document.getElementById("big-timer-slot");
  (bigSlot || els.timerSlot).append(els.timer);
  els.timer.classList.toggle("countdown--big", Boolean(bigSlot));
  if (resultsBox) drawResults(resultsBox, step, snap, results);
}
