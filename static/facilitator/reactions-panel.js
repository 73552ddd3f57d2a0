// Live reactions on the console: how many of each the room has sent on this step (all steps
// together when self-paced). Never who sent them; the counts come coalesced from the server.

import { h, fill } from "../common/dom.js";
import { reactionCounts } from "../common/reactions.js";
import { t } from "../common/messages.js";

export class ReactionsPanel {
  constructor(el) {
    this.el = el;
    this.body = h("div");
    fill(el, h("h2", { id: "reactions-heading", text: t("Reactions") }), this.body);
  }

  update(view) {
    if (!view) return;
    const where = view.step_id === null ? t("From every step so far:") : t("On this step:");
    fill(
      this.body,
      h("p", { class: "muted", text: view.total ? where : t("None yet. People can react from their phones at any time.") }),
      view.total ? reactionCounts(view, "reaction-counts") : null,
    );
  }
}
