// The import form: the upload starts an import job on the server and this page asks how far
// it has gone ("Drawing page 12 of 40"), then opens the new deck, or shows the problems as the
// plain form would. Screen readers hear a phase when it starts and, within it, at most one
// update each ANNOUNCE_MS and only after another tenth of the work. If the job cannot start
// (a refused upload, an expired page), the form is sent as a plain post, which shows why.

import { t } from "../common/messages.js";

const POLL_MS = 500;
const ANNOUNCE_MS = 5000;
const GONE =
  t("The import stopped before it finished (the server may have restarted). Nothing was imported: upload the file again.");
const LOST =
  t("The server cannot be reached. Nothing was imported yet: check the connection and upload the file again.");

const form = document.getElementById("import-form");
const button = document.getElementById("import-button");
const box = document.getElementById("import-progress");
const step = document.getElementById("import-step");
const bar = document.getElementById("import-bar");
const status = document.getElementById("import-status");
const stopped = document.getElementById("import-stopped");

let said = { phase: null, share: 0, at: 0 };

// What the page says, and how much of the whole import is done (null while unknown).
function describe(job, slides) {
  const { phase, done, total } = job;
  if (phase === "converting") {
    return [t("Converting with LibreOffice… A long file can take a minute or two."), null];
  }
  if (phase === "drawing") return [t("Drawing page {done} of {total}", { done, total }), (done - 1) / (2 * total)];
  if (phase === "saving") return [t("Saving page {done} of {total}", { done, total }), (total + done - 1) / (2 * total)];
  return [slides ? t("Reading your slides…") : t("Checking the deck…"), null];
}

function show(text, share, phase) {
  box.hidden = false;
  step.textContent = text;
  if (share === null) bar.removeAttribute("value");
  else {
    bar.max = 1;
    bar.value = share;
  }
  const now = Date.now();
  const newPhase = phase !== said.phase;
  const worthSaying = share !== null && share - said.share >= 0.1 && now - said.at >= ANNOUNCE_MS;
  if (newPhase || worthSaying) {
    status.textContent = text;
    said = { phase, share: share ?? 0, at: now };
  }
}

function stop(message) {
  box.hidden = true;
  stopped.textContent = message;
  stopped.hidden = false;
  button.disabled = false;
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function follow(url, slides) {
  let failures = 0;
  for (;;) {
    await pause(POLL_MS);
    let response;
    try {
      response = await fetch(url, { headers: { Accept: "application/json" } });
    } catch {
      failures += 1;
      if (failures >= 20) return stop(LOST);
      continue;
    }
    if (response.status === 404) return stop(GONE);
    if (!response.ok) {
      failures += 1;
      if (failures >= 20) return stop(LOST);
      continue;
    }
    failures = 0;
    const job = await response.json();
    if (job.state === "running") {
      const [text, share] = describe(job, slides);
      show(text, share, job.phase);
    } else {
      show(job.state === "done" ? t("Imported. Opening the deck…") : t("Nothing was imported."), 1, job.state);
      window.location.assign(job.location);
      return;
    }
  }
}

form.addEventListener("submit", async (event) => {
  const file = form.elements.file.files[0];
  if (!file) return; // the browser's own check says what is missing
  event.preventDefault();
  const slides = /\.(pptx|pdf)$/i.test(file.name);
  button.disabled = true;
  stopped.hidden = true;
  said = { phase: null, share: 0, at: 0 };
  show(t("Uploading…"), null, "uploading");
  let response;
  try {
    response = await fetch(form.dataset.jobs, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
    });
  } catch {
    return stop(LOST);
  }
  if (response.status === 202) {
    const job = await response.json();
    show(slides ? t("Reading your slides…") : t("Checking the deck…"), null, "uploaded");
    return follow(job.status, slides);
  }
  if (response.status === 429) {
    const refused = await response.json();
    return stop(refused.error.message);
  }
  form.submit(); // a plain post: the server's own page says what was wrong
});
