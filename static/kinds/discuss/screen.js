// A discussion on the projector: how many groups, and the clock big in the middle.

import { register } from "../registry.js";
import { h, said } from "../../common/dom.js";

function question(step, snap, correct, voices) {
  const n = Number(snap.group_count || 0);
  return h(
    "div",
    { class: "discuss-view" },
    h("p", { class: "groups-count" }, said(voices, (v) => (n ? v.plural("{count} group", "{count} groups", n) : v.t("Groups will show on your phones")))),
    h("div", { class: "big-timer-slot", id: "big-timer-slot" }),
  );
}

register("discuss", "screen", { question });
