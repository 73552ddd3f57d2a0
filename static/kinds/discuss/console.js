// Discussion on the console: the groups with their members and cards, the
// notes each group sent back, and a button to shuffle the room again.

import { register } from "../registry.js";
import { h, fill } from "../../common/dom.js";
import { regroupButton } from "../../facilitator/peer-groups.js";
import { t, plural } from "../../common/messages.js";

function panel(el, { step, results, snap, command }) {
  const groups = Array.isArray(snap.groups) ? snap.groups : [];
  const notes = results && Array.isArray(results.notes) ? results.notes : [];
  const notesOf = (number) => notes.filter((n) => n.group === number);
  const loose = notes.filter((n) => !groups.some((g) => g.number === n.group));

  const regroup = regroupButton(command);
  const list = groups.length
    ? h(
        "ol",
        { class: "groups" },
        groups.map((group) =>
          h(
            "li",
            { class: "group" },
            h("h3", { text: t("Group {number}", { number: group.number }) }),
            h("p", { class: "group__members", text: group.members.join(", ") || t("Nobody yet") }),
            group.cards && group.cards.length
              ? h("ul", { class: "group__cards" }, group.cards.map((card) => h("li", { text: card.text })))
              : null,
            noteList(notesOf(group.number)),
          ),
        ),
      )
    : h("p", { class: "muted", text: t("Groups are made from the people connected now. Nobody is connected yet.") });
  fill(
    el,
    h("div", { class: "panel-head" }, h("p", { text: plural("{count} group", "{count} groups", groups.length) }), regroup),
    list,
    loose.length ? h("div", {}, h("h3", { text: t("Other notes") }), noteList(loose)) : null,
    step.report_back ? null : h("p", { class: "muted", text: t("This discussion has no notes to send.") }),
  );
}

function noteList(notes) {
  if (!notes.length) return null;
  return h(
    "ul",
    { class: "notes-list" },
    notes.map((note) => h("li", {}, h("strong", { text: t("Note from {name}:", { name: note.name }) }), " ", note.text)),
  );
}

function details(step) {
  if (!Array.isArray(step.cards)) return [];
  return [
    h("p", { class: "muted", text: step.report_back ? t("Each group can send you one note.") : t("No notes: groups only talk.") }),
    h("details", { class: "card-deck" }, h("summary", { text: plural("All {count} card", "All {count} cards", step.cards.length) }), h("ul", {}, step.cards.map((c) => h("li", { text: c.text })))),
  ];
}

register("discuss", "console", {
  label: t("Discussion"),
  summary: (step) => t("Discussion, groups of {size}", { size: step.group_size }),
  details,
  panel,
});
