// A discussion in the editor: its cards, group sizes and whether groups send a note.

import { t } from "../../common/messages.js";
import { register } from "../registry.js";

function fields(step, where, kit) {
  const { h } = kit;
  return [
    kit.items(step, where, "cards", { legend: t("Discussion cards"), noun: t("card"), textKey: "text", prefix: "card", min: 1, max: 30, multiline: true, hint: t("1 to 30 cards, each up to 400 characters.") }),
    h("div", { class: "field-row" },
      kit.number(step, where, "group_size", t("People per group"), t("2 to 6; 3 if left empty.")),
      kit.number(step, where, "cards_per_group", t("Cards per group"), t("1 to 3; 1 if left empty."))),
    kit.check(step, where, "report_back", t("Each group may send the physio a short note")),
  ];
}

function start(step) {
  step.cards = [{ id: "card-1", text: "" }];
}

register("discuss", "editor", { label: t("Discussion"), start, fields });
