// The attendee's phone: follows the room, takes answers and never loses one.
// Each answer has a client-made id and sits in the outbox until the server
// acknowledges it (acknowledged means stored); it is re-sent after a
// reconnect or a reload. Sending the same id twice is safe.

import { connectLive } from "../common/live.js";
import { renderResults, answerCount } from "../common/results.js";
import { h, fill, setStepBody } from "../common/dom.js";
import { Outbox, newAnswerId } from "./outbox.js";
import { buildAnswerForm } from "./answer-form.js";

const root = document.getElementById("main");
const $ = (id) => document.getElementById(id);
const els = {
  connection: $("connection"),
  name: $("me-name"),
  problem: $("problem"),
  announce: $("announce"),
  stepArea: $("step-area"),
  answerStatus: $("answer-status"),
  revealArea: $("reveal-area"),
};

const SAVED_TEXT = "Your answer is saved. You can change it until answers close.";
// Errors that mean "try again later"; any other refusal is final for that answer.
const RETRY_CODES = new Set(["offline", "timeout", "rate_limited", "internal", "stale"]);

const outbox = new Outbox(root.dataset.sessionId);
const inFlight = new Set();
let snap = null;
let me = { name: els.name ? els.name.textContent : "", responses: {} };
let results = null;
let view = null; // {stepId, form} for the step on screen
let retryTimer = null;

const live = connectLive(
  "/participant",
  { session_id: root.dataset.sessionId },
  {
    onSnapshot: handleSnapshot,
    onResults(update) {
      results = update;
      renderReveal();
    },
    onStatus: showConnection,
    onConnect: flushOutbox,
  },
);

// ---- connection -----------------------------------------------------------------

function showConnection(state, message) {
  const text = {
    connecting: "Connecting…",
    connected: "Connected",
    reconnecting: "Reconnecting…",
    refused: "Not connected",
    closed: "Not connected",
  }[state];
  if (els.connection) {
    els.connection.textContent = text || "";
    els.connection.dataset.state = state;
  }
  if (state === "connected") {
    els.problem.replaceChildren();
  } else if (state === "refused" || state === "closed") {
    fill(
      els.problem,
      h(
        "div",
        { class: "notice notice--error" },
        h("p", { text: message || "We could not connect you to the class." }),
        state === "refused" ? h("p", {}, h("a", { href: root.dataset.joinUrl, text: "Join the class again" })) : null,
      ),
    );
  }
}

function announce(text) {
  els.announce.textContent = "";
  window.setTimeout(() => {
    els.announce.textContent = text;
  }, 50);
}

// ---- snapshots --------------------------------------------------------------------

function handleSnapshot(snapshot) {
  const before = snap;
  snap = snapshot;
  results = snapshot.results || null;
  // Only the personal snapshot carries "me"; broadcasts do not, so keep the last one.
  if (snapshot.me) {
    me = { name: snapshot.me.name, responses: { ...(snapshot.me.responses || {}) } };
    if (els.name && me.name) els.name.textContent = me.name;
  }
  if (snapshot.stage === "ended") outbox.clear();

  const stepId = snapshot.stage === "step" && snapshot.step ? snapshot.step.id : null;
  const stepKey = `${snapshot.stage}:${stepId}`;
  if (!view || view.key !== stepKey) {
    renderStage(snapshot);
    if (before) announceStage(snapshot);
  } else if (before && before.open !== snapshot.open) {
    announce(snapshot.open ? "Answers are open again." : "Answers are closed.");
  } else if (before && !before.revealed && snapshot.revealed) {
    announce("The results are showing.");
  }
  updateOpenState();
  renderReveal();
}

function announceStage(snapshot) {
  if (snapshot.stage === "ended") announce("The class has ended. Thank you.");
  else if (snapshot.stage === "lobby") announce("Waiting for the class to start.");
  else if (snapshot.step && snapshot.step.kind !== "slide") announce(`New question: ${snapshot.step.title}`);
  else if (snapshot.step) announce(`Now showing: ${snapshot.step.title}`);
}

// ---- drawing -----------------------------------------------------------------------

function renderStage(snapshot) {
  const step = snapshot.stage === "step" ? snapshot.step : null;
  view = { key: `${snapshot.stage}:${step ? step.id : null}`, stepId: step ? step.id : null, form: null };
  setAnswerStatus("", "");

  if (snapshot.stage === "ended") {
    fill(
      els.stepArea,
      h("h1", { text: "The class has ended. Thank you." }),
      h("p", { text: "You can close this page now." }),
    );
    return;
  }
  if (!step) {
    fill(
      els.stepArea,
      h("h1", { text: "You're in. The class will start soon." }),
      h("p", { class: "waiting", text: "Keep this page open. It will change when the physio starts." }),
    );
    return;
  }

  const parts = [h("h1", { text: step.title })];
  if (step.body_html) {
    const body = h("div", { class: "prose step-body" });
    setStepBody(body, step.body_html);
    parts.push(body);
  }
  if (step.image && step.image.url) {
    parts.push(h("img", { class: "step-image", src: step.image.url, alt: step.image.alt || "" }));
  }
  if (step.takeaway) parts.push(h("p", { class: "takeaway", text: step.takeaway }));

  const pending = outbox.get(step.id);
  const saved = Object.prototype.hasOwnProperty.call(me.responses, step.id) ? me.responses[step.id] : null;
  const form = buildAnswerForm(step, {
    value: pending ? pending.value : saved,
    onSubmit: (value) => submitAnswer(step, value),
    onChange: (value) => noteChange(step, value),
  });
  if (form) {
    view.form = form;
    parts.push(form.form);
    parts.push(h("p", { class: "closed-note", id: "closed-note", text: "Answers are closed.", hidden: true }));
    if (pending) setAnswerStatus("sending", "Sending…");
    else if (saved !== null) setAnswerStatus("saved", SAVED_TEXT);
  } else if (step.kind !== "slide") {
    // A kind of activity this page cannot show yet: point people to the room.
    parts.push(h("p", { class: "waiting", text: "Please follow the physio for this part." }));
  }
  fill(els.stepArea, parts);
}

function updateOpenState() {
  if (!view || !view.form || !snap) return;
  const open = Boolean(snap.open);
  view.form.setDisabled(!open);
  const note = document.getElementById("closed-note");
  if (note) note.hidden = open;
  // "You can change it until answers close" stops being true once they have closed.
  const state = els.answerStatus.dataset.state;
  if (state === "saved") setAnswerStatus("saved", open ? SAVED_TEXT : "Your answer is saved.");
  else if (state === "changed" && !open) {
    setAnswerStatus("saved", "Answers closed before you sent your change. We kept the answer you sent first.");
  }
}

function renderReveal() {
  const step = snap && snap.stage === "step" ? snap.step : null;
  if (!step || step.kind === "slide" || !snap.revealed) {
    els.revealArea.replaceChildren();
    return;
  }
  const mine = Object.prototype.hasOwnProperty.call(me.responses, step.id) ? me.responses[step.id] : null;
  const parts = [h("h2", { text: "Results" })];

  if (step.kind === "quiz" && Array.isArray(step.correct)) {
    const labels = (step.options || []).filter((o) => step.correct.includes(o.id)).map((o) => o.label);
    parts.push(h("p", {}, step.correct.length > 1 ? "The right answers: " : "The right answer: ", h("strong", { text: labels.join(", ") })));
    if (mine === null) parts.push(h("p", { class: "verdict", text: "You didn't answer this one." }));
    else if (isRight(mine, step.correct)) parts.push(h("p", { class: "verdict verdict--right", text: "✓ You got it right." }));
    else parts.push(h("p", { class: "verdict", text: "Not this time. That's fine: this is how we learn." }));
    if (step.explanation) parts.push(h("p", { class: "explanation" }, h("strong", { text: "Why: " }), step.explanation));
  }

  const current = results && results.step_id === step.id ? results : null;
  if (!current || current.withheld || (!current.counts && !current.histogram)) {
    parts.push(
      h("p", {
        class: "withheld",
        text: `Results will show when more people have answered (${answerCount(current)} so far).`,
      }),
    );
  } else {
    const box = h("div", { class: "phone-results" });
    renderResults(box, step, current, {
      correct: step.kind === "quiz" ? step.correct || [] : null,
      mine,
    });
    parts.push(box);
  }
  fill(els.revealArea, h("section", { class: "reveal" }, parts));
}

function isRight(value, correct) {
  const given = Array.isArray(value) ? value : [value];
  return given.length === correct.length && given.every((id) => correct.includes(id));
}

function setAnswerStatus(state, text) {
  // Rewriting the same words would make some screen readers read them again.
  if (els.answerStatus.dataset.state === state && els.answerStatus.textContent === text) return;
  els.answerStatus.dataset.state = state;
  els.answerStatus.textContent = text;
}

// ---- answering ----------------------------------------------------------------------

function sameValue(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");
  }
  return a === b;
}

function noteChange(step, value) {
  if (!view || view.stepId !== step.id) return;
  const saved = Object.prototype.hasOwnProperty.call(me.responses, step.id) ? me.responses[step.id] : null;
  if (outbox.get(step.id)) return; // a send is under way; its result will update the message
  if (saved !== null && !sameValue(saved, value)) {
    setAnswerStatus("changed", "You changed your answer. Press Send answer to save it.");
  } else if (saved !== null) {
    setAnswerStatus("saved", SAVED_TEXT);
  }
}

function submitAnswer(step, value) {
  if (value === null || (Array.isArray(value) && value.length === 0)) {
    setAnswerStatus("error", step.multiple ? "Please choose at least one answer first." : "Please choose an answer first.");
    return;
  }
  const pending = outbox.get(step.id);
  // Re-use the id when re-sending the same value, so the server stores it once.
  const entry = pending && sameValue(pending.value, value) ? pending : { id: newAnswerId(), step_id: step.id, value };
  outbox.put(entry);
  setAnswerStatus("sending", live.socket.connected ? "Sending…" : "Not sent yet. It will send when you are connected again.");
  deliver(entry);
}

async function deliver(entry) {
  if (inFlight.has(entry.id) || !live.socket.connected) return;
  inFlight.add(entry.id);
  const ack = await live.send("answer", { step_id: entry.step_id, value: entry.value, id: entry.id });
  inFlight.delete(entry.id);
  const onScreen = view && view.stepId === entry.step_id;
  const latest = outbox.get(entry.step_id);
  const superseded = latest && latest.id !== entry.id;

  if (ack.ok) {
    outbox.remove(entry.step_id, entry.id);
    if (!superseded) me.responses[entry.step_id] = entry.value;
    if (onScreen && !superseded) {
      setAnswerStatus("saved", SAVED_TEXT);
      renderReveal();
    }
    return;
  }
  const error = ack.error || {};
  if (RETRY_CODES.has(error.code)) {
    if (onScreen && !superseded) setAnswerStatus("waiting", "Not sent yet. We will keep trying.");
    scheduleRetry(error.code === "rate_limited" ? 5000 : 3000);
    return;
  }
  // Refused for good (answers closed, step moved on, not a valid answer): drop it.
  outbox.remove(entry.step_id, entry.id);
  if (superseded) return;
  const message = error.message || "Your answer could not be saved.";
  if (onScreen) setAnswerStatus("error", message);
  else announce(`An earlier answer was not saved. ${message}`);
}

function flushOutbox() {
  for (const entry of outbox.all()) deliver(entry);
}

function scheduleRetry(delay) {
  if (retryTimer) return;
  retryTimer = window.setTimeout(() => {
    retryTimer = null;
    flushOutbox();
  }, delay);
}
