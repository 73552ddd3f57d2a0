// A slide's or an option's picture: choose one of the deck's pictures or upload a new one,
// always with a description (alt text) for people who cannot see it. The server checks and re-encodes each
// upload and keeps it at three widths; the thumbnail here uses srcset to fetch a small one.

import { t } from "../common/messages.js";
import { h } from "../common/dom.js";
import { request, messageOf } from "./api.js";
import { textField, selectField, uid } from "./fields.js";

const ACCEPT = "image/png,image/jpeg,image/webp";

/** `step` is the slide or the option whose `image` this edits; `owner` names it in the words. */
export function imageField(step, where, ctx, { owner = t("step") } = {}) {
  const box = h("fieldset", { class: "image-field", attrs: { "data-field": `${where}.image` } });
  box.dataset.where = `${where}.image`;
  draw();
  return box;

  function draw(message = null, focus = null) {
    const image = step.image && typeof step.image === "object" ? step.image : null;
    const known = ctx.images.find((i) => image && i.name === image.src);
    const parts = [h("legend", { class: "label", text: t("Picture") })];
    if (image) {
      parts.push(
        known
          ? h("img", { class: "image-field__thumb", src: known.url, alt: image.alt || "", attrs: { srcset: known.srcset, sizes: "12rem" } })
          : h("p", { class: "muted", text: image.src ? t("Picture: {name}", { name: image.src }) : t("Picture: none chosen") }),
        textField({
          label: t("Describe the picture (alt text)"),
          hint: t("Required. Say what it shows for people who cannot see it, in up to 300 characters."),
          where: `${where}.image.alt`,
          value: image.alt,
          kind: "text",
          rows: 2,
          maxLength: 300,
          onInput: (v) => {
            image.alt = v;
            ctx.changed();
          },
        }),
      );
      const remove = h("button", { type: "button", class: "button button--link", text: t("Remove the picture from this {thing}", { thing: owner }) });
      remove.addEventListener("click", () => {
        delete step.image;
        ctx.changed();
        draw(null, "select");
      });
      parts.push(remove);
    }
    if (ctx.images.length) {
      parts.push(
        selectField({
          label: image ? t("Use another of this deck's pictures") : t("Use one of this deck's pictures"),
          where: `${where}.image.src`,
          value: image ? image.src : "",
          options: [{ value: "", label: t("No picture") }, ...ctx.images.map((i) => ({ value: i.name, label: `${i.name} (${i.width} × ${i.height})` }))],
          onChange(name) {
            if (!name) delete step.image;
            else step.image = { src: name, alt: image ? image.alt : "" };
            ctx.changed();
            draw(null, "alt");
          },
        }),
      );
    }
    parts.push(uploadForm(message));
    box.replaceChildren(...parts);
    if (focus === "alt") (box.querySelector("textarea") || box.querySelector("select")).focus();
    if (focus === "select") {
      const target = box.querySelector("select") || box.querySelector('input[type="file"]');
      if (target) target.focus();
    }
    if (focus === "status") box.querySelector(".image-field__status").focus();
  }

  function uploadForm(message) {
    const fileId = uid("file");
    const altId = uid("alt");
    const file = h("input", { id: fileId, type: "file", class: "input", attrs: { accept: ACCEPT, "aria-describedby": `${fileId}-hint` } });
    const alt = h("textarea", { id: altId, class: "input input--area", rows: 2, maxLength: 300, attrs: { "aria-describedby": `${altId}-hint` } });
    const button = h("button", { type: "button", class: "button button--secondary", text: t("Upload the picture") });
    const status = h("p", {
      class: `image-field__status ${message && message.error ? "error-text" : ""}`,
      tabIndex: -1,
      attrs: { role: message && message.error ? "alert" : "status" },
      text: message ? message.text : "",
    });
    button.addEventListener("click", async () => {
      if (!file.files.length) return say({ error: true, text: t("Choose a picture file first.") });
      if (!alt.value.trim()) {
        say({ error: true, text: t("Describe the picture first: the description (alt text) is required.") });
        alt.focus();
        return;
      }
      const body = new FormData();
      body.append("file", file.files[0]);
      body.append("alt", alt.value.trim());
      button.disabled = true;
      status.textContent = t("Uploading…");
      const result = await request("POST", `${ctx.base}/images`, body);
      button.disabled = false;
      if (!result.ok) return say({ error: true, text: messageOf(result, t("The picture could not be uploaded.")) });
      ctx.images.push(result.data.image);
      step.image = { src: result.data.image.name, alt: result.data.alt };
      ctx.changed();
      draw({ error: false, text: t("Uploaded. The picture is on this {thing}.", { thing: owner }) }, "status");
    });
    function say(next) {
      status.className = `image-field__status ${next.error ? "error-text" : ""}`;
      status.setAttribute("role", next.error ? "alert" : "status");
      status.textContent = next.text;
    }
    return h(
      "div",
      { class: "image-field__upload" },
      h("h4", { class: "image-field__heading", text: t("Upload a new picture") }),
      h("div", { class: "field" },
        h("label", { class: "label", htmlFor: fileId, text: t("Picture file") }),
        h("span", { class: "hint", id: `${fileId}-hint`, text: t("PNG, JPEG or WebP, up to 5 MB. Location and camera details are removed.") }),
        file),
      h("div", { class: "field" },
        h("label", { class: "label", htmlFor: altId, text: t("Describe the picture (alt text)") }),
        h("span", { class: "hint", id: `${altId}-hint`, text: t("Required: what the picture shows, for people who cannot see it.") }),
        alt),
      button,
      status,
    );
  }
}
