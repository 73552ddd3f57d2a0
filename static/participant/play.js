// The attendee's phone: follows the room, takes answers and never loses one.
// Each answer has a client-made id and sits in the outbox until the server
// acknowledges it (acknowledged means stored); it is re-sent after a
// reconnect or a reload. Sending the same id twice is safe. The forms for
// each kind of step live in ../kinds/; this file only runs the page. In a
// self-paced session each person moves with Back and Next (pace.js, moving.js); at the
// end they can keep a private notebook (keep.js).

import { connectLive } from "../common/live.js";
import { h, fill } from "../common/dom.js";
import { Countdown } from "../common/countdown.js";
import { Outbox, newAnswerId } from "./outbox.js";
import { Delivery, postAnswer } from "./delivery.js";
import "../kinds/phone.js";
import { partOf } from "../kinds/registry.js";
import { renderReveal } from "./reveal.js";
import { QuestionsPanel } from "./questions.js";
import { ReactionsBar } from "./reactions.js";
import { PaceNav, ClosingClock } from "./pace.js";
import { Mover } from "./moving.js";
import { sameValue, answeredElsewhere } from "./same-value.js";
import { connectionNotice, SELF_PACED, stageParts, stepHead, landOnStep, announceStage } from "./notices.js";
import { announcer } from "../common/announcer.js";
import { KeepNotebook } from "./keep.js";
import { drawScore } from "./score.js";
import { answerTexts } from "./answer-texts.js";
import { voteRound, votesOf, secondVoteNote, groupNote } from "./second-vote.js";
import { t } from "../common/messages.js";

const root = document.getElementById("main");
const $ = (id) => document.getElementById(id);
const els = {
  connection: $("connection"),
  name: $("me-name"),
  problem: $("problem"),
  announce: $("announce"),
  timer: $("timer-area"),
  stepArea: $("step-area"),
  answerStatus: $("answer-status"),
  revealArea: $("reveal-area"),
  questions: $("questions-area"),
  reactions: $("reactions-area"),
  pace: $("pace-area"),
  keep: $("keep-area"),
};
const AUTOSAVE_DELAY_MS = 1000;

// Joining answers with this page itself: give the address bar the page's own address, so that
// a reload or a bookmark opens the class rather than sending the join form again.
if (root.dataset.url && window.location.pathname !== root.dataset.url) {
  window.history.replaceState(null, "", root.dataset.url);
}

const outbox = new Outbox(root.dataset.sessionId);
let snap = null;
let me = { name: els.name ? els.name.textContent : "", responses: {} };
let results = null;
let group = null; // this person's discussion group on the current step
let view = null; // {key, stepId, step, kit} for what is on screen
let autosaveTimer = null;

const announce = announcer(els.announce);
const showConnection = connectionNotice(els, root.dataset.joinUrl);
const countdown = new Countdown(els.timer, { announce });
const questions = new QuestionsPanel(els.questions, {
  ask,
  upvote: (questionId) => live.send("upvote", { question_id: questionId }),
  askLater: (payload) => live.send("ask_later", payload),
});

const reactions = new ReactionsBar(els.reactions, {
  send: (reaction) => live.send("react", { reaction }),
});
const closing = new ClosingClock(() => live.refresh());
const pace = new PaceNav(els.pace, { move: (direction) => mover.move(direction) });
const keep = new KeepNotebook(els.keep, { request: () => live.send("keep_notebook") });

const delivery = new Delivery(outbox, {
  send: (event, payload) => live.send(event, payload),
  connected: () => live.socket.connected,
  early: () => !live.hasConnected(),
  post: postAnswer(root.dataset.answerUrl, root.dataset.csrf, root.dataset.sessionId),
  onAnswer: afterAnswer,
  onAsk: afterAsk,
});

const live = connectLive(
  "/participant",
  { session_id: root.dataset.sessionId },
  {
    onSnapshot: handleSnapshot,
    onResults(update) {
      results = update;
      drawReveal();
    },
    onStatus: showConnection,
    onConnect: () => {
      root.dataset.ready = "answer";
      delivery.flush();
    },
    events: {
      group: handleGroup,
      questions: (data) => questions.setQuestions(data.questions),
    },
  },
);

const mover = new Mover({
  pace, outbox, delivery, live, selfPaced,
  stepId: () => view && view.stepId,
  stopAutosave: () => window.clearTimeout(autosaveTimer),
  current: () => snap,
  onMoved: (snapshot) => handleSnapshot(snapshot, { moved: true }),
});

// The room's step came in the page: draw it now, with its answer form, rather than after the
// live connection's handshake; answers meanwhile go over HTTP (delivery.js).
const firstSnapshot = document.getElementById("first-snapshot");
if (firstSnapshot) {
  try {
    live.accept(JSON.parse(firstSnapshot.textContent));
    root.dataset.ready = "answer"; // answers taken from here on (bench/phone_load.py times it)
  } catch {
    // Unreadable: the live connection's own snapshot draws the page instead.
  }
}
delivery.flush(); // what a reload found waiting in the outbox

// ---- snapshots --------------------------------------------------------------------

/** moved: the snapshot came back from this person's own Back or Next. */
function handleSnapshot(incoming, { moved = false } = {}) {
  // Self-paced, only this person's own snapshot (with "me") says which step they are on;
  // a room-wide one can only tell that something changed, so ask for ours.
  if (incoming.mode === SELF_PACED && !incoming.me && incoming.stage !== "ended") {
    live.refresh();
    return;
  }
  // A step that shows the person's own earlier answers (their plan) needs their own
  // snapshot, read when the step is reached: a room-wide one carries none.
  if (!incoming.me && incoming.stage === "step" && incoming.step && incoming.step.own_view && (!view || view.stepId !== incoming.step.id)) {
    live.refresh();
    return;
  }
  const before = snap;
  const snapshot = closing.apply(incoming);
  snap = snapshot;
  results = snapshot.results || null;
  const shownRound = view && view.stepId ? voteRound(snapshot, view.stepId) : 1;
  const shownAnswer = view && view.stepId ? votesOf(me, shownRound)[view.stepId] : undefined;
  // Only the personal snapshot carries "me"; broadcasts do not, so keep the last one.
  if (snapshot.me) {
    me = {
      name: snapshot.me.name,
      responses: { ...(snapshot.me.responses || {}) },
      second_votes: { ...(snapshot.me.second_votes || {}) },
      score: snapshot.me.score || null,
      looking_back: snapshot.me.looking_back || {},
    };
    group = snapshot.me.group || null;
    if (els.name && me.name) els.name.textContent = me.name;
    questions.setMe(snapshot.me);
  }
  if (snapshot.stage === "ended") outbox.clear();
  questions.setQuestions(snapshot.questions);
  els.questions.hidden = snapshot.stage === "ended";
  reactions.show(snapshot.stage !== "ended");

  const stepId = snapshot.stage === "step" && snapshot.step ? snapshot.step.id : null;
  const stepKey = `${snapshot.stage}:${stepId}:${voteRound(snapshot, stepId)}`;
  if (!view || view.key !== stepKey) {
    if (group && group.step_id !== stepId) group = null;
    renderStage(snapshot);
    if (moved) landOnStep(announce, snapshot);
    else if (before) announceStage(announce, snapshot);
  } else if (answeredElsewhere(snapshot, view.stepId, shownAnswer, els.answerStatus.dataset.state, shownRound)) {
    renderStage(snapshot); // a carer's phone (or this person's other one) answered
    announce(t("Your answer was saved from your other device."));
  } else if (before && before.open !== snapshot.open) {
    announce(snapshot.open ? t("Answers are open again.") : t("Answers are closed."));
  } else if (before && !before.revealed && snapshot.revealed && snapshot.step && !snapshot.step.private) {
    announce(t("The results are showing."));
  }
  if (view && view.kit && view.kit.setGroup && snapshot.me) view.kit.setGroup(group, me.name);
  if (snapshot.me) drawPeers();
  countdown.update(snapshot.stage === "step" ? snapshot.timer : null);
  updateOpenState();
  drawReveal();
  drawPace();
  if (snapshot.stage === "ended") drawScore(document.getElementById("my-score"), me.score, announce);
}

function selfPaced() {
  return Boolean(snap && snap.mode === SELF_PACED);
}

function drawPace() {
  const step = snap && snap.stage === "step" ? snap.step : null;
  pace.update({
    shown: selfPaced() && Boolean(step),
    index: step ? step.index : 0,
    count: snap ? snap.step_count : 0,
    takesAnswers: Boolean(view && view.kit && view.kit.takesAnswers),
    closesAt: snap ? snap.closes_at : null,
  });
  const atEnd = snap && (snap.stage === "ended" || (selfPaced() && step && step.index === snap.step_count - 1));
  keep.show(Boolean(atEnd));
}

function handleGroup(data) {
  if (!view || data.step_id !== view.stepId) return;
  const moved = !group || group.number !== data.number;
  group = data;
  if (view.kit && view.kit.setGroup) view.kit.setGroup(group, me.name);
  drawPeers();
  if (moved) announce(t("You are in group {number}.", { number: data.number }));
}

// ---- drawing -----------------------------------------------------------------------

function savedValue(stepId) {
  const votes = votesOf(me, voteRound(snap, stepId));
  return Object.prototype.hasOwnProperty.call(votes, stepId) ? votes[stepId] : null;
}

function texts() {
  return answerTexts(view && view.kit);
}

function renderStage(snapshot) {
  const step = snapshot.stage === "step" ? snapshot.step : null;
  window.clearTimeout(autosaveTimer);
  const round = voteRound(snapshot, step ? step.id : null);
  view = { key: `${snapshot.stage}:${step ? step.id : null}:${round}`, stepId: step ? step.id : null, step, kit: null };
  root.dataset.kind = step ? step.kind : snapshot.stage;
  setAnswerStatus("", "");

  const whole = stageParts(snapshot);
  if (whole) {
    fill(els.stepArea, whole);
    return;
  }
  const parts = stepHead(snapshot, step);
  if (round === 2) parts.push(secondVoteNote(step, me.responses[step.id]), h("div", { class: "peer-group", id: "peer-group" }, groupNote(group, me.name)));
  const pending = sameRound(outbox.get(step.id), round);
  const saved = savedValue(step.id);
  const { build } = partOf(step, "phone");
  const kit = build && build(step, {
    value: pending ? pending.value : saved,
    onSubmit: (value) => submitAnswer(step, value),
    onChange: (value) => noteChange(step, value),
    ask,
    group,
    myName: me.name,
    lookingBack: (me.looking_back || {})[step.id] || null,
    solo: snapshot.mode === SELF_PACED,
  });
  if (kit) {
    view.kit = kit;
    parts.push(kit.form);
    if (kit.takesAnswers) {
      parts.push(h("p", { class: "closed-note", id: "closed-note", text: t("Answers are closed."), hidden: true }));
      if (pending) setAnswerStatus("sending", texts().sending);
      else if (saved !== null) setAnswerStatus("saved", texts().saved);
    }
  } else if (step.is_activity) {
    // A kind of activity this page cannot show yet: point people to the room.
    parts.push(h("p", { class: "waiting", text: t("Please follow the physio for this part.") }));
  }
  fill(els.stepArea, parts);
}

function updateOpenState() {
  if (!view || !view.kit || !view.kit.takesAnswers || !snap) return;
  const open = Boolean(snap.open);
  view.kit.setDisabled(!open);
  const note = document.getElementById("closed-note");
  if (note) note.hidden = open;
  // "You can change it until answers close" stops being true once they have closed.
  const state = els.answerStatus.dataset.state;
  if (state === "saved") setAnswerStatus("saved", open ? texts().saved : texts().savedClosed);
  else if (state === "changed" && !open) {
    setAnswerStatus("saved", t("Answers closed before you sent your change. We kept the answer you sent first."));
  }
}

function drawReveal() {
  renderReveal(els.revealArea, { snap, results, mine: view && view.stepId ? savedValue(view.stepId) : null });
}

function setAnswerStatus(state, text) {
  // Rewriting the same words would make some screen readers read them again.
  if (els.answerStatus.dataset.state === state && els.answerStatus.textContent === text) return;
  els.answerStatus.dataset.state = state;
  els.answerStatus.textContent = text;
}

// ---- answering ----------------------------------------------------------------------

function noteChange(step, value) {
  if (!view || view.stepId !== step.id) return;
  if (view.kit && view.kit.autosave) return autosave(step, value);
  const saved = savedValue(step.id);
  if (outbox.get(step.id)) return; // a send is under way; its result will update the message
  if (saved !== null && !sameValue(saved, value)) setAnswerStatus("changed", texts().changed);
  else if (saved !== null) setAnswerStatus("saved", texts().saved);
}

// Saved as typed: the whole value goes in the outbox at once (so a reload keeps it),
// and is sent once typing has paused.
function autosave(step, value) {
  if (!snap || !snap.open || value === null) return;
  const latest = outbox.get(step.id);
  if (latest ? sameValue(latest.value, value) : sameValue(savedValue(step.id), value)) return;
  outbox.put({ id: newAnswerId(), step_id: step.id, value, round: voteRound(snap, step.id) });
  setAnswerStatus("sending", delivery.canSend() ? texts().sending : texts().offline);
  window.clearTimeout(autosaveTimer);
  autosaveTimer = window.setTimeout(() => {
    const entry = outbox.get(step.id);
    if (entry) delivery.deliver(entry);
  }, AUTOSAVE_DELAY_MS);
}

function submitAnswer(step, value) {
  if (value === null || (Array.isArray(value) && value.length === 0)) {
    const message = step.multiple ? t("Please choose at least one answer first.") : texts().empty;
    setAnswerStatus("error", message);
    return;
  }
  window.clearTimeout(autosaveTimer);
  const round = voteRound(snap, step.id);
  const pending = sameRound(outbox.get(step.id), round);
  // Re-use the id when re-sending the same value, so the server stores it once (a second
  // vote never re-uses the first vote's id, which would be the first vote again).
  const entry = pending && sameValue(pending.value, value) ? pending : { id: newAnswerId(), step_id: step.id, value, round };
  outbox.put(entry);
  setAnswerStatus("sending", delivery.canSend() ? texts().sending : texts().offline);
  delivery.deliver(entry);
}

// A second vote's group, for a kind that does not draw groups itself.
function drawPeers() {
  const peers = document.getElementById("peer-group");
  if (peers) fill(peers, groupNote(group, me.name));
}

function sameRound(entry, round) {
  return entry && (entry.round || 1) === round ? entry : null;
}

/** Queue an anonymous question; it goes out like an answer, through the outbox. */
function ask(text) {
  const id = newAnswerId();
  const entry = { key: `ask:${id}`, event: "ask", id, text };
  outbox.put(entry);
  delivery.deliver(entry);
}

function afterAsk(entry, ack, { retry }) {
  if (retry) return;
  if (ack.ok) questions.addMine(ack.question_id);
  else announce(t("Your question was not sent.") + " " + ((ack.error && ack.error.message) || ""));
}

function afterAnswer(entry, ack, { superseded, retry }) {
  const onScreen = view && view.stepId === entry.step_id;
  if (ack.ok) {
    if (superseded) return;
    votesOf(me, entry.round || 1)[entry.step_id] = entry.value;
    if (onScreen) {
      setAnswerStatus("saved", snap && !snap.open ? texts().savedClosed : texts().saved);
      drawReveal();
    }
    return;
  }
  if (superseded) return;
  if (retry) {
    if (onScreen) setAnswerStatus("waiting", texts().waiting);
    return;
  }
  // Refused for good (answers closed, step moved on, not a valid answer): it was dropped.
  const message = (ack.error && ack.error.message) || t("Your answer could not be saved.");
  if (onScreen) setAnswerStatus("error", message);
  else announce(t("An earlier answer was not saved.") + " " + message);
}

// Leaving or hiding the page: a save waiting for the typing pause goes now.
function sendWaiting() {
  if (!view || !view.stepId) return;
  window.clearTimeout(autosaveTimer);
  const entry = outbox.get(view.stepId);
  if (entry) delivery.deliver(entry);
}
window.addEventListener("pagehide", sendWaiting);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") sendWaiting();
});
