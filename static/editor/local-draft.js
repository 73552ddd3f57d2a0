// A draft kept in this browser that never reached the server: carried on from when nothing was
// saved since, or offered beside the saved deck when someone saved it from elsewhere.

import { t } from "../common/messages.js";
import { h, fill } from "../common/dom.js";
import { loadLocal, forgetLocal } from "./draft-store.js";

/** useDraft(draft, redraw): make `draft` the editor's, redrawing the page when asked. */
export function reconcileLocal({ deckId, serverRev, serverDraft, saver, el, useDraft }) {
  const notice = (text) => {
    el.hidden = !text;
    fill(el, text ? h("p", { class: "notice notice--success", attrs: { role: "status" }, text }) : null);
  };
  const local = loadLocal(deckId);
  if (!local || !local.dirty) return;
  if (JSON.stringify(local.draft) === JSON.stringify(serverDraft)) {
    forgetLocal(deckId);
    return;
  }
  if (local.rev === serverRev) {
    // Changes that never reached the server (offline, tab closed): carry on from them.
    useDraft(local.draft, false);
    saver.changed();
    notice(t("Changes made in this browser that had not reached the server are back, and are being saved now."));
    return;
  }
  const useMine = h("button", { type: "button", class: "button", text: t("Use the copy from this browser") });
  const keepServer = h("button", { type: "button", class: "button button--secondary", text: t("Keep the saved deck") });
  useMine.addEventListener("click", () => {
    useDraft(local.draft, true);
    saver.changed();
    notice(t("The copy from this browser is back, and is being saved now."));
  });
  keepServer.addEventListener("click", () => {
    forgetLocal(deckId);
    notice("");
  });
  fill(
    el,
    h("div", { class: "notice", attrs: { role: "alert" } },
      h("p", {
        text: local.at
          ? t("This browser has changes from {when} that were not saved, and the deck has been saved from elsewhere since.", { when: local.at.slice(0, 16).replace("T", " ") })
          : t("This browser has changes from earlier that were not saved, and the deck has been saved from elsewhere since."),
      }),
      h("p", {}, useMine, " ", keepServer)),
  );
  el.hidden = false;
}
