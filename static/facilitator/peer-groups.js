// The groups a room talks in before a second vote (peer instruction), under the results of a
// step whose kind does not draw groups itself; with a button to shuffle the room again.

import { h } from "../common/dom.js";
import { t, plural } from "../common/messages.js";

/** The button that shuffles the room into new groups (here and on a discussion step). */
export function regroupButton(command) {
  return h("button", {
    type: "button",
    class: "button button--secondary",
    text: t("New groups"),
    attrs: { "data-focus-key": "regroup" },
    on: { click: () => command("regroup") },
  });
}

/** The groups section, or null when the room is not in groups. */
export function peerGroups(snap, command) {
  const groups = Array.isArray(snap.groups) ? snap.groups : null;
  if (!groups) return null;
  const regroup = regroupButton(command);
  const list = groups.length
    ? h(
        "ol",
        { class: "groups" },
        groups.map((group) => h("li", { class: "group" }, h("h3", { text: t("Group {number}", { number: group.number }) }), h("p", { class: "group__members", text: group.members.join(", ") || t("Nobody yet") }))),
      )
    : h("p", { class: "muted", text: t("Groups are made from the people connected now. Nobody is connected yet.") });
  return h("section", { class: "peer-groups", attrs: { "aria-label": t("Groups talking it over") } }, h("div", { class: "panel-head" }, h("p", { text: plural("Talking it over in {count} group", "Talking it over in {count} groups", groups.length) }), regroup), list);
}
