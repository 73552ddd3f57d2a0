// The room's countdown, counted on this device from the server's `timer`
// ({status, seconds_left}). The clock is redrawn as it runs, but screen readers
// hear it only at sensible moments: when it starts, pauses or gets more time,
// at each whole minute, at 30 seconds and when time is up. Never every second.

import { h, fill } from "./dom.js";
import { t, plural } from "./messages.js";

/** 272 -> "4:32" */
export function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** 272 -> "4 minutes 32 seconds", for speaking. */
export function spoken(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  const rest = s % 60;
  const parts = [];
  if (m) parts.push(plural("{count} minute", "{count} minutes", m));
  if (rest || !m) parts.push(plural("{count} second", "{count} seconds", rest));
  return parts.join(" ");
}

export class Countdown {
  /**
   * el: where the clock is drawn (hidden while the timer is off).
   * announce(text): says something through the page's polite live region.
   */
  constructor(el, { announce = () => {}, label = t("Time left") } = {}) {
    this.el = el;
    this.announce = announce;
    this.label = label;
    this.status = "off";
    this.endsAt = 0; // performance.now() time at which it reaches 0 (while running)
    this.left = null; // whole seconds left as last drawn
    this.spokenAt = null; // the seconds-left value last announced
    this.interval = null;
    el.hidden = true;
  }

  /** Follow a timer from a snapshot. */
  update(timer) {
    const status = timer && timer.status ? timer.status : "off";
    const seconds = timer && typeof timer.seconds_left === "number" ? timer.seconds_left : null;
    const before = this.status;
    const localLeft = this.left;
    this.status = status;
    if (status === "off" || seconds === null) {
      this.status = "off";
      this.stopTicking();
      this.left = null;
      // Stopping is not announced: it happens with every change of step, which is announced.
      this.el.hidden = true;
      return;
    }
    this.el.hidden = false;
    if (status === "running") {
      this.endsAt = performance.now() + seconds * 1000;
      if (before === "running" && localLeft !== null && Math.abs(localLeft - seconds) > 5) {
        this.say(t("{time} left.", { time: spoken(seconds) }), seconds);
      } else if (before !== "running") {
        this.say(
          seconds > 0
            ? before === "paused"
              ? t("Timer going again: {time} left.", { time: spoken(seconds) })
              : t("Timer started: {time} left.", { time: spoken(seconds) })
            : t("Time is up."),
          seconds,
        );
      }
      this.startTicking();
      this.tick();
    } else {
      this.stopTicking();
      this.left = seconds;
      this.draw();
      if (before !== "paused") this.say(t("Timer paused with {time} left.", { time: spoken(seconds) }), seconds);
    }
  }

  say(text, at) {
    this.spokenAt = Math.round(at);
    this.announce(text);
  }

  startTicking() {
    if (this.interval === null) this.interval = window.setInterval(() => this.tick(), 250);
  }

  stopTicking() {
    if (this.interval !== null) window.clearInterval(this.interval);
    this.interval = null;
  }

  tick() {
    const left = Math.max(0, Math.ceil((this.endsAt - performance.now()) / 1000));
    if (left === 0) this.stopTicking();
    if (left === this.left) return;
    this.left = left;
    this.draw();
    if (left === this.spokenAt) return;
    if (left === 0) {
      this.say(t("Time is up."), 0);
    } else if (left === 30 || left % 60 === 0) {
      this.say(t("{time} left.", { time: spoken(left) }), left);
    }
  }

  draw() {
    const left = this.left ?? 0;
    this.el.dataset.state = left === 0 ? "up" : this.status;
    if (left === 0) {
      fill(this.el, h("span", { class: "countdown__clock", text: t("Time is up") }));
      return;
    }
    fill(
      this.el,
      h("span", { class: "countdown__label", text: this.label }),
      " ",
      h("span", { class: "countdown__clock", text: clock(left) }),
      this.status === "paused" ? h("span", { class: "countdown__paused", text: " " + t("(paused)") }) : null,
    );
  }
}
