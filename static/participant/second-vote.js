// Peer instruction on the phone: a poll or quiz the physio asks again once the room has
// talked it over. The first vote stays as it was; the phone says what it was and takes a
// second one, kept apart (me.second_votes).

import { h } from "../common/dom.js";
import { t } from "../common/messages.js";

/** Which vote an answer to this step is now: 2 while the room's step is on its second vote. */
export function voteRound(snap, stepId) {
  return snap && snap.round === 2 && snap.step && snap.step.id === stepId ? 2 : 1;
}

/** Where this person's answers of a vote are kept. */
export function votesOf(me, round) {
  if (round !== 2) return me.responses;
  if (!me.second_votes) me.second_votes = {};
  return me.second_votes;
}

/** The words over the form in a second vote: what the person chose the first time. */
export function secondVoteNote(step, first) {
  const chosen = Array.isArray(first) ? first : first == null ? [] : [first];
  const labels = (step.options || []).filter((o) => chosen.includes(o.id)).map((o) => o.label);
  const said = labels.length
    ? t("You chose “{choices}” first. Now that you have talked it over, what do you think?", { choices: labels.join(", ") })
    : t("You did not vote the first time. What do you think now?");
  return h("div", { class: "second-vote" }, h("p", { class: "second-vote__title" }, h("strong", { text: t("Vote again") })), h("p", { text: said }));
}

/** Who this person talks it over with before the second vote (their group), if known yet. */
export function groupNote(group, myName) {
  if (!group || !group.number) return [];
  const others = [...(group.members || [])];
  const mine = others.indexOf(myName);
  if (mine >= 0) others.splice(mine, 1); // names can repeat in a room: drop one copy of ours
  return [
    h("p", { class: "peer-group__number" }, h("strong", { text: t("Talk it over in group {number}", { number: group.number }) })),
    others.length ? h("p", {}, t("With:"), " ", h("strong", { text: others.join(", ") })) : h("p", { text: t("Nobody else is in your group yet.") }),
  ];
}
