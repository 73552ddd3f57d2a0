// The room's countdown, run from the console: start (for the step's planned
// minutes), pause or resume, one more minute, stop. The screen and phones
// show the same countdown.

import { h, fill } from "../common/dom.js";
import { Countdown } from "../common/countdown.js";
import { t } from "../common/messages.js";

export class TimerPanel {
  /** el: the timer card; command(event, payload) sends to the server; announce(text). */
  constructor(el, { command, announce }) {
    this.el = el;
    this.command = command;
    this.clock = h("p", { class: "countdown countdown--console" });
    this.idle = h("p", { class: "muted", text: t("No timer running.") });
    this.countdown = new Countdown(this.clock, { announce });
    this.start = this.button(t("Start"), () => this.command("timer", { action: "start" }), "button");
    this.pause = this.button(t("Pause"), () => this.command("timer", { action: this.status === "paused" ? "resume" : "pause" }));
    this.extend = this.button(t("+1 minute"), () => this.command("timer", { action: "extend", seconds: 60 }));
    this.stop = this.button(t("Stop"), () => this.command("timer", { action: "stop" }));
    this.status = "off";
    fill(
      el,
      h("h2", { id: "timer-heading", text: t("Timer") }),
      this.clock,
      this.idle,
      h("div", { class: "controls__row timer-buttons" }, this.start, this.pause, this.extend, this.stop),
    );
  }

  button(text, onClick, kind = "button button--secondary") {
    const button = h("button", { type: "button", class: kind, text });
    button.addEventListener("click", () => {
      if (button.getAttribute("aria-disabled") !== "true") onClick();
    });
    return button;
  }

  update(snap) {
    const step = snap && snap.stage === "step" ? snap.step : null;
    this.el.hidden = !step;
    const timer = step ? snap.timer : null;
    this.status = timer && timer.status ? timer.status : "off";
    this.countdown.update(timer);
    this.idle.hidden = this.status !== "off";
    const minutes = step && step.minutes ? step.minutes : 2;
    const length = duration(minutes);
    this.start.textContent = this.status === "off" ? t("Start ({length})", { length }) : t("Restart ({length})", { length });
    this.pause.textContent = this.status === "paused" ? t("Resume") : t("Pause");
    setOff(this.pause, this.status === "off");
    setOff(this.extend, this.status === "off");
    setOff(this.stop, this.status === "off");
  }
}

function setOff(button, off) {
  if (off) button.setAttribute("aria-disabled", "true");
  else button.removeAttribute("aria-disabled");
}

/** 1.25 -> "1 min 15 s", 10 -> "10 min" */
function duration(minutes) {
  const seconds = Math.round(minutes * 60);
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return [m ? t("{count} min", { count: m }) : "", s ? t("{count} s", { count: s }) : ""].filter(Boolean).join(" ");
}
