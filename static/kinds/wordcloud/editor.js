// A word cloud in the editor: how many words each person sends, and how long.

import { register } from "../registry.js";

function fields(step, where, kit) {
  return [
    kit.number(step, where, "max_words", "Words each person may send", "1 to 10; 3 if left empty."),
    kit.number(step, where, "max_length", "Longest word or phrase (characters)", "5 to 60; 30 if left empty."),
  ];
}

register("wordcloud", "editor", { label: "Word cloud", asksQuestion: true, fields });
