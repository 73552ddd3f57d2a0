// "Keep your notebook": a private link to what this person made, shown as
// text and as a QR code. Nothing is sent anywhere. Each request makes a new
// link and the old one stops working, so once made the link stays on screen.

import { h, fill } from "../common/dom.js";
import { t } from "../common/messages.js";

const QR_ALT = t("QR code of your private notebook link. Scan it with another phone or tablet to open your notebook there.");

export class KeepNotebook {
  /** el: the (empty) section to fill. request() -> Promise<ack> of keep_notebook. */
  constructor(el, { request }) {
    this.el = el;
    this.request = request;
    this.busy = false;
    this.button = h("button", {
      type: "button",
      class: "button button--big button--wide",
      text: t("Keep your notebook"),
      on: { click: () => this.ask() },
    });
    this.hint = h("p", { class: "hint", text: t("Each time you press it you get a new link, and any older link stops working.") });
    this.status = h("p", { class: "keep__status", attrs: { role: "status" } });
    this.result = h("div", { class: "keep__result", hidden: true });
    fill(
      el,
      h("h2", { id: "keep-heading", text: t("Keep your notebook") }),
      h("p", { text: t("Your notebook has the key messages, what you wrote and your action plan. You can read it later, print it or save it as a PDF, and change your plan.") }),
      h("p", { class: "private-note", text: t("Nothing is sent anywhere. You do not need an email address or a phone number: you get a private link here, on this screen.") }),
      this.button,
      this.hint,
      this.status,
      this.result,
    );
  }

  show(shown) {
    this.el.hidden = !shown;
  }

  async ask() {
    if (this.busy) return;
    this.busy = true;
    this.button.disabled = true;
    this.say(t("Making your link…"));
    const ack = await this.request();
    this.busy = false;
    this.button.disabled = false;
    if (!ack.ok || typeof ack.url !== "string") {
      const code = ack.error && ack.error.code;
      const why = ack.error && ack.error.message;
      if (code === "gone") {
        // They deleted their data: trying again cannot help.
        this.button.hidden = true;
        this.say(why);
        return;
      }
      this.say(
        code === "offline" || code === "timeout"
          ? t("You are not connected just now, so we could not make your link. Check your signal, then press Keep your notebook again.")
          : [t("We could not make your link."), why, t("Please try again.")].filter(Boolean).join(" "),
      );
      return;
    }
    this.draw(ack.url, ack.qr_url);
  }

  draw(url, qrUrl) {
    const linkText = h("p", { id: "keep-link", class: "keep__link", text: url });
    const copyStatus = h("p", { class: "keep__copied", attrs: { role: "status" } });
    const canCopy = Boolean(navigator.clipboard && window.isSecureContext);
    const copy = canCopy
      ? h("button", {
          type: "button",
          class: "button button--secondary",
          text: t("Copy link"),
          on: {
            click: () =>
              navigator.clipboard.writeText(url).then(
                () => (copyStatus.textContent = t("Link copied.")),
                () => (copyStatus.textContent = t("Could not copy. Press and hold the link to copy it.")),
              ),
          },
        })
      : null;
    const heading = h("h3", { id: "keep-link-heading", text: t("Your private link"), tabIndex: -1 });
    fill(
      this.result,
      heading,
      linkText,
      h(
        "div",
        { class: "keep__actions" },
        copy,
        h("a", { class: "button button--secondary", href: url, text: t("Open your notebook"), attrs: { rel: "noreferrer" } }),
      ),
      canCopy ? copyStatus : h("p", { class: "hint", text: t("To copy the link, press and hold it.") }),
      typeof qrUrl === "string" && qrUrl
        ? h(
            "figure",
            { class: "keep__qr" },
            h("img", { src: qrUrl, alt: QR_ALT, width: 240, height: 240 }),
            h("figcaption", { text: t("Or scan this code with another device.") }),
          )
        : null,
      h("p", { class: "keep__warning" }, h("strong", { text: t("Keep this link private.") }), " ", t("Anyone with it can see your notebook.")),
    );
    this.result.hidden = false;
    // The button goes (pressing it again would break this link), so focus moves to the link.
    this.button.hidden = true;
    this.hint.hidden = true;
    this.say(t("Your notebook link is ready."));
    heading.focus();
  }

  say(text) {
    if (this.status.textContent !== text) this.status.textContent = text;
  }
}
