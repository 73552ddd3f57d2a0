// Live reactions on the projector: a small tally in the corner, and each new reaction rising
// from it for a moment (still, for people who ask for less motion). The server sends the
// counts a few times a second, so a room tapping at once is one message, not one a tap; it
// sends none until enough people have joined that a reaction cannot be told as one person's.
// The tally's words (heard, not seen) are said in each room language.

import { h, fill, said } from "../common/dom.js";
import { reactionCounts, newReactions } from "../common/reactions.js";

const MOST_RISING = 6; // at once from one message, however many arrived in it
const RISE_MS = 2500;

export class ScreenReactions {
  constructor(el, layer) {
    this.el = el;
    this.layer = layer;
    this.view = null;
    this.show = false;
    this.voices = null;
  }

  /** view: the server's reactions, or null when the room may not see them. */
  update(view, show) {
    const rising = newReactions(this.view, view);
    this.view = view || null;
    this.show = show;
    this.draw();
    if (!this.el.hidden) this.rise(rising);
  }

  /** voices: the room languages (room-words.js), the first first; the tally waits for them. */
  speak(voices) {
    this.voices = voices;
    this.draw();
  }

  draw() {
    const view = this.view;
    this.el.hidden = !this.show || !view || !view.total || !this.voices;
    if (this.el.hidden) {
      this.el.replaceChildren();
      return;
    }
    fill(
      this.el,
      h("h2", { id: "screen-reactions-heading", class: "visually-hidden" }, said(this.voices, (v) => v.t("Reactions"))),
      reactionCounts(view, "screen-reactions", this.voices),
    );
  }

  rise(rising) {
    let left = MOST_RISING;
    for (const r of rising) {
      for (let i = 0; i < Math.min(r.more, left); i += 1) {
        const bubble = h("span", { class: "reaction-rise", text: r.emoji });
        bubble.style.setProperty("--drift", `${Math.round((Math.random() - 0.5) * 6)}em`);
        bubble.style.animationDelay = `${i * 150}ms`;
        this.layer.append(bubble);
        window.setTimeout(() => bubble.remove(), RISE_MS + i * 150);
      }
      left -= Math.min(r.more, left);
    }
  }
}
