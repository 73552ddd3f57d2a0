// A quiz in the editor: its options with the right ones ticked, and why.

import { t, deckText } from "../../common/messages.js";
import { register } from "../registry.js";

function fields(step, where, kit) {
  const { h, checkField } = kit;
  const correct = () => new Set(Array.isArray(step.correct) ? step.correct : step.correct ? [step.correct] : []);
  const setCorrect = (ids) => {
    const ordered = step.options.map((o) => o.id).filter((id) => ids.has(id));
    if (ordered.length === 0) delete step.correct;
    else step.correct = ordered.length === 1 ? ordered[0] : ordered;
  };
  const tick = (item, i) =>
    checkField({
      label: t("Correct"),
      labelMore: t("(option {number})", { number: i + 1 }),
      where: `${where}.correct#${i}`,
      checked: correct().has(item.id),
      onChange(on) {
        const ids = correct();
        if (on) ids.add(item.id);
        else ids.delete(item.id);
        setCorrect(ids);
        kit.changed();
      },
    });
  const options = kit.items(step, where, "options", {
    legend: t("Options"), noun: t("option"), textKey: "label", prefix: "option", min: 2, max: 12, extra: tick, pictures: true,
    hint: t("Tick the right answer. With more than one ticked, people may choose several."),
    // A removed option is no longer a right answer; the order of right answers follows the options.
    afterChange: () => setCorrect(correct()),
  });
  const wrap = h("div", { attrs: { "data-field": `${where}.correct` } }, options);
  return [
    wrap,
    kit.text(step, where, "explanation", t("Explanation"), { kind: "text", hint: t("Why the answer is right. Shown when you reveal the answer. Always write one.") }),
    kit.check(step, where, "vote_again", t("Vote again after the room has talked it over"), t("Once the first vote is closed, the console offers Vote again: everyone votes a second time and both votes are shown side by side.")),
  ];
}

function start(step) {
  step.options = [{ id: "myth", label: deckText("Myth") }, { id: "fact", label: deckText("Fact") }];
  step.correct = "myth";
  step.body = deckText("Myth or fact?");
}

register("quiz", "editor", { label: t("Quiz (myth or fact)"), asksQuestion: true, start, fields });
