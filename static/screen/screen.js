// The projector screen: join details in the lobby, then the current step in
// large type. Results appear only when the physio reveals them and enough
// people have answered. Never shows presenter notes (the server sends none).

import { connectLive } from "../common/live.js";
import { renderResults, answerCount } from "../common/results.js";
import { h, fill, setStepBody, formatCode } from "../common/dom.js";

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
  strip: $("join-strip"),
  stripCode: $("strip-code"),
  stripCount: $("strip-count"),
  status: $("screen-status"),
};

let snap = null;
let results = null;
let resultsBox = null;

connectLive(
  "/screen",
  { key: root.dataset.screenKey },
  {
    onSnapshot(snapshot) {
      snap = snapshot;
      results = snapshot.results || null;
      render();
    },
    onResults(update) {
      results = update;
      if (resultsBox) drawResults(resultsBox);
    },
    onPresence(count) {
      if (snap) snap.participant_count = count;
      renderCount();
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
  els.ended.hidden = stage !== "ended";
  els.strip.hidden = stage !== "step";
  document.body.dataset.stage = stage;

  if (snap.session && snap.session.title) els.lobbySession.textContent = snap.session.title;
  if (snap.join && snap.join.code) {
    const code = formatCode(snap.join.code);
    els.lobbyCode.textContent = code;
    els.stripCode.textContent = code;
  }
  renderCount();
  if (stage === "step" && snap.step) renderStep(snap.step);
  else resultsBox = null;
}

function renderStep(step) {
  els.title.textContent = step.title;
  setStepBody(els.body, step.body_html);
  const parts = [];
  if (step.image && step.image.url) {
    parts.push(h("img", { class: "step__image", src: step.image.url, alt: step.image.alt || "" }));
  }
  if (step.takeaway) parts.push(h("p", { class: "takeaway", text: step.takeaway }));

  resultsBox = null;
  els.step.classList.toggle("step--results", step.kind !== "slide" && Boolean(snap.revealed));
  if (step.kind !== "slide") {
    if (snap.revealed) {
      resultsBox = h("div", { class: "screen-results" });
      parts.push(resultsBox);
    } else {
      parts.push(questionView(step));
      parts.push(
        h("p", {
          class: `answer-hint ${snap.open ? "" : "answer-hint--closed"}`,
          text: snap.open ? "Answer on your phone." : "Answers are closed.",
        }),
      );
    }
  }
  fill(els.extra, parts);
  if (resultsBox) drawResults(resultsBox);
}

// The options as a list; after a quiz is revealed the right ones carry a text badge.
function questionView(step, correct = null) {
  if (Array.isArray(step.options)) {
    const right = new Set(correct || []);
    return h(
      "ul",
      { class: `choices ${step.options.length > 4 ? "choices--many" : ""}` },
      step.options.map((option) =>
        h(
          "li",
          { class: `choice ${right.has(option.id) ? "choice--correct" : ""}` },
          h("span", { text: option.label }),
          right.has(option.id) ? h("span", { class: "bar__badge", text: "✓ Correct answer" }) : null,
        ),
      ),
    );
  }
  if (step.kind === "scale") {
    return h(
      "p",
      { class: "scale-ends" },
      h("span", {}, h("strong", { text: String(step.min) }), ` = ${step.min_label || ""}`),
      h("span", {}, h("strong", { text: String(step.max) }), ` = ${step.max_label || ""}`),
    );
  }
  return h("div");
}

function drawResults(box) {
  const step = snap && snap.step;
  if (!step) return;
  const current = results && results.step_id === step.id ? results : null;
  const withheld = !current || current.withheld || (!current.counts && !current.histogram);
  const correct = step.kind === "quiz" ? step.correct || [] : null;
  let figures;
  if (withheld) {
    // The right answer and its explanation still show: they give away nobody's answer.
    figures = h(
      "div",
      { class: "chart" },
      questionView(step, correct),
      h("p", {
        class: "withheld",
        text: `Results will show when more people have answered (${answerCount(current)} so far).`,
      }),
    );
  } else {
    figures = h("div", {
      class: `chart ${Array.isArray(step.options) && step.options.length > 4 ? "chart--many" : ""}`,
    });
    renderResults(figures, step, current, { correct });
  }
  const explained = step.kind === "quiz" && Boolean(step.explanation);
  box.classList.toggle("screen-results--split", explained);
  fill(
    box,
    figures,
    explained ? h("p", { class: "explanation" }, h("strong", { text: "Why: " }), step.explanation) : null,
  );
}
