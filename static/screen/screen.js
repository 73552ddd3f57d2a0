// The projector screen: join details in the lobby, then the current step in
// large type. Results appear only when the physio reveals them and enough
// people have answered. Never shows presenter notes (the server sends none),
// nor anything private (reflections, plans, group notes). What each kind of
// step shows lives in kinds.js and the kinds' screen parts (../kinds/). The step's words
// and the screen's own show in the room language(s) the console chose, two side by side.

import { connectLive } from "../common/live.js";
import { h, fill, said, withParts, setStepBody, formatCode, stepImage, PAGE_VOICES } from "../common/dom.js";
import { Countdown } from "../common/countdown.js";
import { questionView, drawResults, showsResults, saysWhereToAnswer } from "./kinds.js";
import { renderQuestionsStrip } from "./questions-strip.js";
import { ScreenReactions } from "./reactions.js";
import { renderLeaderboard } from "./leaderboard.js";
import { roomVoices } from "./room-words.js";

const root = document.getElementById("screen");
const $ = (id) => document.getElementById(id);
const els = {
  lobby: $("lobby"),
  lobbySession: $("lobby-session"),
  lobbyCode: $("lobby-code"),
  lobbyJoin: $("lobby-join"),
  lobbyLabel: $("lobby-label"),
  qrCaption: $("qr-caption"),
  qr: document.querySelector(".qr"),
  endedHeading: $("ended-heading"),
  endedText: $("ended-text"),
  stripJoin: $("strip-join"),
  joined: $("joined-count"),
  step: $("step"),
  title: $("step-title"),
  body: $("step-body"),
  extra: $("step-extra"),
  ended: $("ended"),
  leaderboard: $("leaderboard"),
  strip: $("join-strip"),
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
let voices = null; // the room languages' voices (room-words.js), the first first
let voicesFor = "";
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
      hear(snapshot.room_languages).then(render);
      reactions.update(snapshot.reactions, snapshot.stage !== "ended");
    },
    onResults(update) {
      results = update;
      if (resultsBox && snap && snap.step && voices) drawResults(resultsBox, stepInVoices(), snap, results);
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
      // The room only needs to know when something is wrong. The server's own reasons are in
      // English; the screen's, in the room languages once it knows them.
      const say = {
        reconnecting: (v) => v.t("Reconnecting…"),
        refused: message ? null : (v) => v.t("This screen link does not work."),
      }[state];
      fill(els.status, say ? said(voices || PAGE_VOICES, say) : message || "");
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

// The voices of the room languages, fetched once per choice; a snapshot that arrives while
// they load is drawn once they have.
async function hear(codes) {
  const wanted = (codes || []).join(",");
  if (voices && wanted === voicesFor) return;
  voicesFor = wanted;
  const heard = await roomVoices(codes);
  if (wanted === voicesFor) voices = heard;
}

/** `say(voice)` in each room language: one span each, with its `lang`, when there are two. */
function inVoices(say) {
  return said(voices, say);
}

/** Each room language's view of the step (the snapshot's room_steps), the first first. */
function stepInVoices() {
  const shown = Array.isArray(snap.room_steps) ? snap.room_steps : [];
  return voices.map((voice) => ({ voice, step: (shown.find((s) => s.language === voice.code) || snap).step }));
}

/** `say(step)`: words of the step in each room language, one span each when there are two. */
function stepWords(say) {
  const shown = stepInVoices();
  if (shown.length === 1) return say(shown[0].step);
  return shown.map(({ voice, step }) => h("span", { class: "said", attrs: { lang: voice.tag, dir: voice.dir } }, say(step)));
}

/** A part drawn once per room language, side by side in columns when there are two. Only the
 *  first keeps its named places (the discussion's big clock shows once). */
function sideBySide(draw) {
  const made = stepInVoices().map(({ voice, step }) => ({ voice, part: draw(step, voice) }));
  if (made.length === 1) return made[0].part;
  for (const { part } of made.slice(1)) {
    if (part instanceof Element) for (const named of part.querySelectorAll("[id]")) named.remove();
  }
  return h(
    "div",
    { class: "side-by-side" },
    made.map(({ voice, part }) => h("div", { class: "side-by-side__column", attrs: { lang: voice.tag, dir: voice.dir } }, part)),
  );
}

function renderWords() {
  const first = voices[0];
  root.lang = first.tag;
  root.dir = first.dir;
  fill(els.lobbyJoin, inVoices((v) => v.t("Join at")));
  fill(els.lobbyLabel, inVoices((v) => v.t("and type in this code:")));
  fill(els.qrCaption, inVoices((v) => v.t("Or point your phone camera here")));
  // A name is one string: the first language's, as <main>'s lang says.
  els.qr.setAttribute("aria-label", first.t("QR code that opens {address}", { address: els.qr.dataset.address }));
  fill(els.endedHeading, inVoices((v) => v.t("Thank you for coming")));
  fill(els.endedText, inVoices((v) => v.t("The class has ended. Take care of yourself.")));
  fill(els.label, inVoices((v) => v.t("Key message")));
  const code = snap.join && snap.join.code ? formatCode(snap.join.code) : "";
  const piece = { host: () => h("strong", { text: els.stripJoin.dataset.host }), code: () => h("strong", { class: "join-strip__code", text: code }) };
  fill(els.stripJoin, inVoices((v) => withParts(v.t("Join at {host} with code {code}"), (name) => piece[name]())));
  renderTitle();
}

// The session's title in each room language (the snapshot's room_titles), one under the other.
function renderTitle() {
  const titles = Array.isArray(snap.room_titles) ? snap.room_titles : [];
  const own = snap.session && snap.session.title ? snap.session.title : "";
  const titleIn = (v) => (titles.find((entry) => entry.language === v.code) || { title: own }).title;
  if (own || titles.length) fill(els.lobbySession, inVoices(titleIn));
}

function renderCount() {
  if (!voices) return;
  const n = snap && typeof snap.participant_count === "number" ? snap.participant_count : 0;
  const joined = (v) => v.plural("{count} person has joined", "{count} people have joined", n);
  fill(els.joined, inVoices(joined));
  fill(els.stripCount, inVoices(joined));
}

function render() {
  if (!snap || !voices) return;
  const stage = snap.stage;
  els.lobby.hidden = stage !== "lobby";
  els.step.hidden = stage !== "step";
  els.row.hidden = stage !== "step";
  els.ended.hidden = stage !== "ended";
  renderLeaderboard(els.leaderboard, stage === "ended" ? snap.leaderboard : undefined, voices);
  els.strip.hidden = stage !== "step";
  document.body.dataset.stage = stage;
  renderBlank(Boolean(snap.blanked) && stage !== "ended");

  if (snap.join && snap.join.code) els.lobbyCode.textContent = formatCode(snap.join.code);
  renderWords();
  renderCount();
  if (stage === "step" && snap.step) renderStep(snap.step);
  else resultsBox = null;
  countdown.update(stage === "step" ? snap.timer : null);
  renderStrip();
  reactions.speak(voices);
}

// Blanked: plain black, and nothing under it for a screen reader to find either.
function renderBlank(blanked) {
  const was = els.blank.hidden === false;
  els.blank.hidden = !blanked;
  root.hidden = blanked;
  if (blanked) els.strip.hidden = true;
  document.body.dataset.blanked = String(blanked);
  if (blanked !== was) fill(els.blankStatus, blanked ? inVoices((v) => v.t("Screen blanked")) : "");
}

function renderStrip() {
  renderQuestionsStrip(els.questions, questions, Boolean(snap) && snap.stage === "step" && !showsResults(snap), voices);
}

function renderStep(step) {
  fill(els.title, stepWords((shown) => shown.title));
  // `takeaway` is a flag marking a key message, not text to show.
  els.label.hidden = !step.takeaway;
  els.step.classList.toggle("step--takeaway", Boolean(step.takeaway));
  renderBody();
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
      // Results are drawn once, in the first room language: each option is counted once.
      resultsBox = h("div", { class: "screen-results", attrs: { lang: voices[0].tag } });
      parts.push(resultsBox);
    } else {
      if (snap.round === 2) {
        parts.push(h("p", { class: "vote-again-banner" }, inVoices((v) => v.t("Vote again: what do you think now?"))));
        if (snap.group_count) parts.push(h("p", { class: "vote-again-groups" }, inVoices((v) => v.t("Talk it over in your group first: your phone says who is in it."))));
      }
      parts.push(sideBySide((shown, voice) => questionView(shown, snap, null, [voice])));
      if (!step.private && !(saysWhereToAnswer(step) && snap.open)) {
        parts.push(
          h(
            "p",
            { class: `answer-hint ${snap.open ? "" : "answer-hint--closed"}` },
            inVoices((v) => (snap.open ? v.t("Answer on your phone.") : v.t("Answers are closed."))),
          ),
        );
      }
    }
  }
  fill(els.extra, parts);
  // A discussion shows the clock big in the middle; any other step, in the corner.
  const bigSlot = document.getElementById("big-timer-slot");
  (bigSlot || els.timerSlot).append(els.timer);
  els.timer.classList.toggle("countdown--big", Boolean(bigSlot));
  if (resultsBox) drawResults(resultsBox, stepInVoices(), snap, results);
}

// The body in each room language, in columns when there are two.
function renderBody() {
  const bodies = stepInVoices().filter(({ step }) => step.body_html);
  if (voices.length === 1 || !bodies.length) {
    setStepBody(els.body, stepInVoices()[0].step.body_html);
    return;
  }
  const columns = stepInVoices().map(({ voice, step }) => {
    const column = h("div", { class: "side-by-side__column", attrs: { lang: voice.tag, dir: voice.dir } });
    setStepBody(column, step.body_html);
    column.hidden = false;
    return column;
  });
  fill(els.body, h("div", { class: "side-by-side" }, columns));
  els.body.hidden = false;
}
