// A reflection in the editor: its prompts, and the one that may become an anonymous question.

import { t } from "../../common/messages.js";
import { register } from "../registry.js";

function fields(step, where, kit) {
  const { selectField } = kit;
  const prompts = kit.items(step, where, "prompts", { legend: t("Prompts"), noun: t("prompt"), textKey: "label", prefix: "prompt", min: 1, max: 5, hint: t("1 to 5 questions to write about, privately.") });
  const choices = [{ value: "", label: t("None") }, ...step.prompts.map((p, i) => ({ value: p.id, label: p.label || t("Prompt {number}", { number: i + 1 }) }))];
  return [
    prompts,
    selectField({
      label: t("Offer to send one answer to the physio as an anonymous question"),
      where: `${where}.question_prompt`,
      value: step.question_prompt || "",
      options: choices,
      onChange: (v) => kit.set(step, "question_prompt", v),
    }),
  ];
}

function start(step) {
  step.prompts = [{ id: "prompt-1", label: "" }];
}

register("reflect", "editor", { label: t("Reflection"), start, fields });
