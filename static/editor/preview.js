// A step as the phone, the screen and the console will show it, side by side. The server
// gives each audience's view (the very views a live session sends); the drawing is done by the
// phone's, the screen's and the console's own modules, each in a shadow root with that side's
// own style sheets, so what you see here is what they show.

import { t } from "../common/messages.js";
import { h, fill, setStepBody, stepImage } from "../common/dom.js";
import "../kinds/phone.js";
import { partOf } from "../kinds/registry.js";
import { questionView, saysWhereToAnswer } from "../screen/kinds.js";
import { renderStage } from "../facilitator/stage.js";

const SHEETS = {
  phone: ["common/base.css", "common/results.css", "participant/participant.css", "participant/activities.css"],
  screen: ["common/base.css", "common/results.css", "screen/screen.css", "screen/activities.css"],
  console: ["common/base.css", "common/results.css", "facilitator/facilitator.css", "facilitator/panels.css"],
};

export class Preview {
  constructor(root, staticUrl) {
    this.panes = {};
    for (const side of Object.keys(SHEETS)) {
      const host = root.querySelector(`[data-preview="${side}"]`);
      const shadow = host.attachShadow({ mode: "open" });
      for (const sheet of [...SHEETS[side], "editor/preview.css"]) {
        shadow.append(h("link", { rel: "stylesheet", href: `${staticUrl}${sheet}` }));
      }
      this.panes[side] = shadow.appendChild(h("div", { class: `frame frame--${side}` }));
    }
  }

  /** Show a step; views: {participant, screen, facilitator}; stepCount for "Step 3 of 9". */
  show(views, stepCount) {
    this.phone(views.participant);
    this.screen(views.screen);
    renderStage(fill(this.panes.console, h("div", { class: "stage" })).firstChild, {
      stage: "step",
      step: views.facilitator,
      step_count: stepCount,
      open: true,
      revealed: false,
    });
  }

  /** Nothing to show: the step has problems to fix first. */
  blank(text) {
    for (const pane of Object.values(this.panes)) fill(pane, h("p", { class: "frame__blank", text }));
  }

  // As the phone's play.js draws a step, with answers open.
  phone(step) {
    // The phone's own heading, as a level below the preview's in this page's outline.
    const parts = [h("h1", { text: step.title, attrs: { "aria-level": 3 } })];
    if (step.body_html) {
      const body = h("div", { class: "prose step-body" });
      setStepBody(body, step.body_html);
      parts.push(body);
    }
    if (step.image && step.image.url) parts.push(stepImage(step.image, "step-image", "20rem"));
    // `takeaway` is a flag marking a key message, shown as the phone shows it.
    if (step.takeaway === true) parts.push(h("p", { class: "key-message", text: t("Key message") }));
    const { build } = partOf(step, "phone");
    const kit = build && build(step, { value: null, onSubmit() {}, onChange() {}, ask() {}, group: null, myName: t("You") });
    if (kit) parts.push(kit.form);
    else if (step.is_activity) parts.push(h("p", { class: "waiting", text: t("Please follow the physio for this part.") }));
    fill(this.panes.phone, h("div", { class: "phone-page" }, parts));
  }

  // As the screen's screen.js draws a step before results are revealed.
  screen(step) {
    const snap = { open: true, revealed: false, group_count: 0 };
    const parts = [];
    if (step.image && step.image.url) parts.push(stepImage(step.image, "step__image", "30rem"));
    if (step.takeaway === true) parts.push(h("p", { class: "step__label", text: t("Key message") }));
    if (step.is_activity) {
      parts.push(questionView(step, snap));
      if (!step.private && !saysWhereToAnswer(step)) {
        parts.push(h("p", { class: "answer-hint", text: t("Answer on your phone.") }));
      }
    }
    const body = h("div", { class: "prose step__body" });
    setStepBody(body, step.body_html);
    fill(
      this.panes.screen,
      h("div", { class: "screen" },
        h("section", { class: "step", attrs: { "data-kind": step.kind } },
          h("div", { class: "step__head" }, h("h1", { class: "step__title", text: step.title, attrs: { "aria-level": 3 } })),
          body,
          h("div", { class: "step__extra" }, parts))),
    );
  }
}
