// Possible red flags, at the top of the console. A new alert is added to the
// page as it arrives, with role="alert" so a screen reader says it at once.
// Items are never redrawn, so nothing is read out twice.

import { h } from "../common/dom.js";
import { t, pageLanguage } from "../common/messages.js";

export class AlertsPanel {
  /** el: the (hidden) section; list: its list; send(event, payload) -> Promise<ack>. */
  constructor(el, list, { send, showError }) {
    this.el = el;
    this.list = list;
    this.send = send;
    this.showError = showError;
    this.items = new Map(); // alert id -> {li, alert}
  }

  /** Alerts from a snapshot (newest first) or one `alert` event. */
  add(alerts) {
    const fresh = (Array.isArray(alerts) ? alerts : [alerts]).filter((a) => a && a.id);
    // Oldest first, so each new one goes on top.
    for (const alert of [...fresh].reverse()) {
      const known = this.items.get(alert.id);
      if (known) {
        if (alert.seen_at && !known.alert.seen_at) this.markSeen(alert.id, alert.seen_at);
        continue;
      }
      const li = this.item(alert);
      this.items.set(alert.id, { li, alert: { ...alert } });
      this.list.prepend(li);
    }
    this.el.hidden = this.items.size === 0;
    this.el.dataset.unseen = String([...this.items.values()].some((i) => !i.alert.seen_at));
  }

  item(alert) {
    const matched = Array.isArray(alert.matched) ? alert.matched.join(", ") : String(alert.matched || "");
    const time = formatTime(alert.created_at);
    const seen = Boolean(alert.seen_at);
    const button = h("button", {
      type: "button",
      class: "button button--small",
      text: t("Seen"),
      attrs: { "aria-label": t("Seen: alert about {name}", { name: alert.name }) },
      on: { click: () => this.seen(alert.id) },
    });
    button.hidden = seen;
    // The role goes on a box inside the list item: a list item must stay a list item.
    const box = h(
      "div",
      { class: `alert-item${seen ? " alert-item--seen" : ""}`, attrs: { role: seen ? null : "alert" } },
      h(
        "p",
        { class: "alert-item__text" },
        h("strong", { text: `${alert.name}` }),
        " ",
        t("may have a red-flag symptom: “{matched}”", { matched }),
        " ",
        h("span", {
          class: "alert-item__where",
          text: time ? t("(in {source}, {time})", { source: alert.source, time }) : t("(in {source})", { source: alert.source }),
        }),
      ),
      h("p", { class: "alert-item__seen", text: t("Seen"), hidden: !seen }),
      button,
    );
    return h("li", {}, box);
  }

  async seen(id) {
    const ack = await this.send("alert_seen", { alert_id: id });
    if (ack.ok) this.markSeen(id, new Date().toISOString());
    else this.showError(ack.error);
  }

  markSeen(id, when) {
    const known = this.items.get(id);
    if (!known || known.alert.seen_at) return;
    known.alert.seen_at = when;
    const li = known.li.firstElementChild;
    li.classList.add("alert-item--seen");
    li.removeAttribute("role");
    const button = li.querySelector("button");
    const hadFocus = button === document.activeElement;
    button.hidden = true;
    li.querySelector(".alert-item__seen").hidden = false;
    if (hadFocus) {
      // Keep the keyboard near: the next alert's button, or the panel heading.
      const next = this.list.querySelector(".alert-item:not(.alert-item--seen) button");
      (next || this.el.querySelector("h2")).focus();
    }
    this.el.dataset.unseen = String([...this.items.values()].some((i) => !i.alert.seen_at));
  }
}

function formatTime(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleTimeString(pageLanguage(), { hour: "2-digit", minute: "2-digit" });
}
