// People without phones: the physio adds someone by a name or initials and
// answers for them here, with the very form their phone would show (each kind's
// phone part, from the registry). The answer goes through the same checks as a
// phone's and is counted once; the room sees only the totals. Each person's
// notebook opens in a new tab, to print on the spot.

import { h, fill } from "../common/dom.js";
import { partOf } from "../kinds/registry.js";
import { newAnswerId } from "../participant/outbox.js";
import "../kinds/phone.js";
import { t } from "../common/messages.js";

export class PeoplePanel {
  /** command(event, payload) -> Promise<ack>. Each status line is a polite live region. */
  constructor(el, { sessionId, command }) {
    this.el = el;
    this.sessionId = sessionId;
    this.command = command;
    this.key = "";
    this.name = h("input", {
      id: "add-person-name",
      type: "text",
      class: "input",
      name: "person",
      maxLength: 40,
      autocomplete: "off",
      attrs: { "aria-describedby": "add-person-hint" },
    });
    const form = h(
      "form",
      { class: "add-person", noValidate: true, on: { submit: (event) => this.add(event) } },
      h("label", { class: "label", htmlFor: "add-person-name", text: t("Name or initials") }),
      h("p", { class: "muted", id: "add-person-hint", text: t("Only the console sees it. The room sees only the totals.") }),
      this.name,
      h("button", { type: "submit", class: "button", text: t("Add someone without a phone") }),
    );
    this.status = h("p", { class: "people-status", attrs: { role: "status" } });
    this.list = h("ul", { class: "people-list", id: "people-list" });
    fill(el, h("h2", { id: "people-heading", text: t("People without phones") }), form, this.status, this.list);
  }

  async add(event) {
    event.preventDefault();
    const ack = await this.command("add_person", { name: this.name.value });
    if (!ack.ok) {
      this.name.focus();
      return;
    }
    this.name.value = "";
    this.status.textContent = t("{name} is added. Answer for them below.", { name: ack.name });
  }

  update(snap) {
    const people = Array.isArray(snap.without_phones) ? snap.without_phones : [];
    const step = snap.stage === "step" ? snap.step : null;
    const answering = Boolean(step && step.takes_answers && snap.open);
    const key = [snap.stage, step && step.id, answering, ...people.map((p) => p.id)].join("|");
    if (key === this.key) return; // the same forms: keep what is being typed, and the focus
    this.key = key;
    if (!people.length) {
      fill(this.list, h("li", { class: "muted", text: t("Nobody added yet.") }));
      return;
    }
    fill(this.list, people.map((person) => this.item(person, answering ? step : null)));
  }

  item(person, step) {
    const headingId = `person-${person.id}`;
    const notebook = h("a", {
      href: `/console/${encodeURIComponent(this.sessionId)}/people/${encodeURIComponent(person.id)}/notebook`,
      target: "_blank",
      rel: "noopener",
      attrs: { "aria-describedby": headingId },
      text: t("Open their notebook to print"),
    });
    const tail = h("span", { class: "visually-hidden", text: " " + t("(opens in a new tab)") });
    notebook.append(tail);
    return h(
      "li",
      { class: "person" },
      h("h3", { id: headingId, text: person.name }),
      step ? this.answerFor(person, step) : h("p", { class: "muted", text: t("No question is open for answers just now.") }),
      h("p", {}, notebook),
    );
  }

  answerFor(person, step) {
    const part = partOf(step, "phone");
    const saved = h("p", { class: "people-status", attrs: { role: "status" } });
    let id = null; // the same id again until stored, so a retry is the same answer
    let last = null;
    const kit = part.build
      ? part.build(step, {
          value: person.value,
          lookingBack: person.looking_back || null,
          onChange: () => {},
          onSubmit: async (value) => {
            const body = JSON.stringify(value);
            if (body !== last) id = newAnswerId();
            last = body;
            const ack = await this.command("answer_for", { participant_id: person.id, step_id: step.id, value, id });
            saved.textContent = ack.ok ? t("Saved for {name}.", { name: person.name }) : "";
          },
        })
      : null;
    if (!kit) return h("p", { class: "muted", text: t("This step has nothing to answer here.") });
    return h(
      "details",
      { class: "answer-for", open: person.value == null },
      h("summary", { text: t("Answer “{title}” for {name}", { title: step.title, name: person.name }) }),
      kit.form,
      saved,
    );
  }
}
