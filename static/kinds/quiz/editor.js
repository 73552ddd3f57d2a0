// A quiz in the editor: its options with the right ones ticked, and why.

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
      label: "Correct",
      labelMore: `(option ${i + 1})`,
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
    legend: "Options", noun: "option", textKey: "label", prefix: "option", min: 2, max: 12, extra: tick, pictures: true,
    hint: "Tick the right answer. With more than one ticked, people may choose several.",
    // A removed option is no longer a right answer; the order of right answers follows the options.
    afterChange: () => setCorrect(correct()),
  });
  const wrap = h("div", { attrs: { "data-field": `${where}.correct` } }, options);
  return [
    wrap,
    kit.text(step, where, "explanation", "Explanation", { kind: "text", hint: "Why the answer is right. Shown when you reveal the answer. Always write one." }),
    kit.check(step, where, "vote_again", "Vote again after the room has talked it over", "Once the first vote is closed, the console offers Vote again: everyone votes a second time and both votes are shown side by side."),
  ];
}

function start(step) {
  step.options = [{ id: "myth", label: "Myth" }, { id: "fact", label: "Fact" }];
  step.correct = "myth";
  step.body = "Myth or fact?";
}

register("quiz", "editor", { label: "Quiz (myth or fact)", asksQuestion: true, start, fields });
