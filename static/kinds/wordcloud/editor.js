// A word cloud in the editor: how many words each person sends, and how long.

import { t } from "../../common/messages.js";
import { register } from "../registry.js";

function fields(step, where, kit) {
  return [
    kit.number(step, where, "max_words", t("Words each person may send"), t("1 to 10; 3 if left empty.")),
    kit.number(step, where, "max_length", t("Longest word or phrase (characters)"), t("5 to 60; 30 if left empty.")),
  ];
}

register("wordcloud", "editor", { label: t("Word cloud"), asksQuestion: true, fields });
