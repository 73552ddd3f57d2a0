// Self-paced sessions: Back and Next, so each person moves through the steps
// alone. What to do on a press (save first, ask the server, show the new step)
// is play.js's; this only draws the buttons and says what went wrong.

import { h, fill } from "../common/dom.js";
import { t, pageLanguage } from "../common/messages.js";

export class PaceNav {
  /** el: the (empty) nav to fill. move("back" | "next") is called on a press. */
  constructor(el, { move }) {
    this.el = el;
    this.back = h("button", {
      type: "button",
      class: "button button--secondary button--big pace__back",
      on: { click: () => move("back") },
    }, h("span", { class: "arrow", attrs: { "aria-hidden": "true" }, text: "←" }), t("Back"));
    this.next = h("button", {
      type: "button",
      class: "button button--big pace__next",
      on: { click: () => move("next") },
    }, t("Next"), h("span", { class: "arrow", attrs: { "aria-hidden": "true" }, text: "→" }));
    this.skip = h("p", { class: "pace__hint", text: t("You can answer now, or skip this with Next and come back to it later.") });
    this.status = h("p", { class: "pace__status", attrs: { role: "status" } });
    this.closes = h("p", { class: "pace__closes" });
    fill(el, h("div", { class: "pace__buttons" }, this.back, this.next), this.skip, this.status, this.closes);
    this.atStart = true;
    this.atEnd = true;
    this.busy = false;
  }

  /** Show or hide the whole nav, for the step at `index` of `count`. */
  update({ shown, index = 0, count = 0, takesAnswers = false, closesAt = null }) {
    this.el.hidden = !shown;
    if (!shown) return;
    this.atStart = index <= 0;
    this.atEnd = index >= count - 1;
    this.skip.hidden = !takesAnswers || this.atEnd;
    const day = closingDay(closesAt);
    this.closes.textContent = day ? t("You can come back to this session until the end of {day}.", { day }) : "";
    this.draw();
  }

  setBusy(busy) {
    this.busy = busy;
    this.draw();
  }

  say(text) {
    if (this.status.textContent !== text) this.status.textContent = text;
  }

  draw() {
    this.back.disabled = this.busy || this.atStart;
    this.next.disabled = this.busy || this.atEnd;
  }
}

/** "31 December 2025" from the closing time (the end of that day, UTC), as the page's
 *  language writes a date. */
function closingDay(closesAt) {
  const when = closesAt ? new Date(closesAt) : null;
  if (!when || Number.isNaN(when.getTime())) return "";
  return when.toLocaleDateString(pageLanguage(), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

/** Whether a self-paced session's closing time has passed (the server closes it soon after). */
export function pastClosing(closesAt, now = Date.now()) {
  const when = closesAt ? Date.parse(closesAt) : NaN;
  return !Number.isNaN(when) && now >= when;
}

const SELF_PACED = "self-paced";

/**
 * A self-paced session past its closing time shows as ended even before the server has
 * closed it (at the next move or answer, or within a minute), and the page checks again at
 * the closing time (`refresh` asks for a new snapshot).
 */
export class ClosingClock {
  constructor(refresh) {
    this.refresh = refresh;
    this.timer = null;
  }

  apply(snapshot) {
    window.clearTimeout(this.timer);
    if (snapshot.mode !== SELF_PACED || snapshot.stage === "ended" || !snapshot.closes_at) return snapshot;
    if (pastClosing(snapshot.closes_at)) return { ...snapshot, stage: "ended", step: null, open: false, revealed: false };
    const left = Date.parse(snapshot.closes_at) - Date.now() + 1000;
    if (left < 2 ** 31 - 1) this.timer = window.setTimeout(this.refresh, left);
    return snapshot;
  }
}
