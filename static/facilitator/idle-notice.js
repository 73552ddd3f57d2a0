// The server ends a session nobody has used for hours, and its join code with it.
// Some minutes before, the console hears `idle_warning` and says so here; using the
// session (any step change or command) keeps it open and takes the notice away.

import { h, fill } from "../common/dom.js";
import { t, pageLanguage } from "../common/messages.js";

export class IdleNotice {
  constructor(el) {
    this.el = el;
    this.seq = null;
  }

  /** {ends_at, seq} from the server: the session ends then unless someone uses it. */
  show(warning) {
    const ends = new Date(warning.ends_at);
    if (Number.isNaN(ends.getTime())) return;
    this.seq = typeof warning.seq === "number" ? warning.seq : null;
    const at = ends.toLocaleTimeString(pageLanguage(), { hour: "2-digit", minute: "2-digit" });
    fill(
      this.el,
      h("p", {}, h("strong", { text: t("Nobody has used this session for a while. It ends at {time}", { time: at }) }), " ",
        // the rest of the sentence begun in bold
        t("and its join code stops working.")),
      h("p", { text: t("To keep it open, move to a step or use any control.") }),
    );
    this.el.hidden = false;
  }

  /** A newer snapshot means the session was used (or has ended): the warning no longer holds. */
  update(snapshot) {
    if (this.el.hidden) return;
    if (snapshot.stage === "ended" || (this.seq !== null && snapshot.seq > this.seq)) {
      this.el.hidden = true;
      this.el.replaceChildren();
    }
  }
}
