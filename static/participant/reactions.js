// Live reactions on the phone: the buttons are in the page (the server's fixed set); this
// sends a tap straight away, or says why it was not counted. A reaction is not kept for
// later like an answer: one that cannot go now is not worth sending late.

import { t } from "../common/messages.js";

export class ReactionsBar {
  /** el: the page's reactions section; send(reaction) -> Promise<ack>. */
  constructor(el, { send }) {
    this.el = el;
    this.send = send;
    this.status = el.querySelector(".reactions__status");
    this.buttons = [...el.querySelectorAll("button[data-reaction]")];
    for (const button of this.buttons) {
      button.addEventListener("click", () => this.react(button));
      button.disabled = false;
    }
  }

  /** Shown while the session is live, hidden once it has ended. */
  show(live) {
    this.el.hidden = !live;
  }

  async react(button) {
    const label = button.querySelector(".reaction__label").textContent;
    const ack = await this.send(button.dataset.reaction);
    this.status.textContent = ack.ok ? t("Sent: {reaction}.", { reaction: label }) : t("{reaction} not sent.", { reaction: label }) + " " + ack.error.message;
  }
}
