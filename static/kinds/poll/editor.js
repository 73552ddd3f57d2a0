// A poll in the editor: its options, and whether several may be chosen.

import { t } from "../../common/messages.js";
import { register } from "../registry.js";

function fields(step, where, kit) {
  return [
    kit.items(step, where, "options", { legend: t("Options"), noun: t("option"), textKey: "label", prefix: "option", min: 2, max: 12, hint: t("2 to 12 answers, in the order people see them."), pictures: true }),
    kit.check(step, where, "multiple", t("People may choose more than one option")),
    kit.check(step, where, "vote_again", t("Vote again after the room has talked it over"), t("Once the first vote is closed, the console offers Vote again: everyone votes a second time and both votes are shown side by side.")),
  ];
}

function start(step) {
  step.options = [{ id: "option-1", label: "" }, { id: "option-2", label: "" }];
}

register("poll", "editor", { label: t("Poll"), asksQuestion: true, start, fields });
