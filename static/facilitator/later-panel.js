// Questions asked privately, "for later": only the session's consoles see
// them, with the asker's display name. The physio writes a reply, now or after
// the class (from the review page); it goes into that person's notebook alone.
// Items are kept by id, so a reply being typed survives a new question arriving.

import { h, fill } from "../common/dom.js";
import { t } from "../common/messages.js";

function replyLine(q) {
  return q.reply ? t("Reply sent: {reply}", { reply: q.reply }) : t("Not replied yet.");
}

export class LaterPanel {
  /** command(event, payload) -> Promise<ack>. Each status line is a polite live region. */
  constructor(el, { command }) {
    this.el = el;
    this.command = command;
    this.items = new Map(); // question id -> {li, shown}
    this.empty = h("p", { class: "muted", text: t("No private questions. People can ask one from their phones, for you alone.") });
    this.list = h("ul", { class: "later-items" });
    fill(
      el,
      h("h2", { id: "later-heading", text: t("Questions for later (private)") }),
      h("p", { class: "muted", text: t("Only you see these, never the room. Your reply goes into the person's notebook.") }),
      this.empty,
      this.list,
    );
  }

  update(questions) {
    const all = Array.isArray(questions) ? questions : [];
    this.empty.hidden = all.length > 0;
    for (const q of all) {
      const known = this.items.get(q.id);
      if (known) known.shown.textContent = replyLine(q);
      else this.list.append(this.item(q));
    }
  }

  item(q) {
    const textId = `later-text-${q.id}`;
    const boxId = `later-reply-${q.id}`;
    const box = h("textarea", { id: boxId, class: "input", name: "reply", rows: 3, maxLength: 2000, attrs: { "aria-describedby": textId } });
    const shown = h("p", { class: "muted", text: replyLine(q) });
    const status = h("p", { class: "people-status", attrs: { role: "status" } });
    const form = h(
      "form",
      { noValidate: true },
      h("label", { class: "label", htmlFor: boxId, text: t("Your written reply") }),
      box,
      h("button", { type: "submit", class: "button", text: t("Send reply to their notebook") }),
      status,
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const ack = await this.command("reply_later", { question_id: q.id, text: box.value });
      if (!ack.ok) return box.focus();
      box.value = "";
      status.textContent = t("Sent to their notebook.");
    });
    const li = h(
      "li",
      { class: "later-item" },
      h("p", {}, h("strong", { text: q.name || t("Someone") }), " ", t("asked:")),
      h("p", { class: "later-item__text", id: textId, text: q.text }),
      shown,
      form,
    );
    this.items.set(q.id, { li, shown });
    return li;
  }
}
