// Which form each kind of step shows on the phone.

import { buildAnswerForm } from "../answer-form.js";
import { buildWordCloud } from "./wordcloud.js";
import { buildOpen } from "./open.js";
import { buildReflect } from "./reflect.js";
import { buildDiscuss } from "./discuss.js";
import { buildPlan } from "./plan.js";
import { buildFeedback } from "./feedback.js";

const BUILDERS = {
  wordcloud: buildWordCloud,
  open: buildOpen,
  reflect: buildReflect,
  discuss: buildDiscuss,
  plan: buildPlan,
  feedback: buildFeedback,
};

/**
 * buildKind(step, ctx) -> {form, getValue, setDisabled, takesAnswers, texts?, autosave?, setGroup?}
 * or null for a step with nothing to fill in here (a slide, or a kind this page cannot show).
 * ctx: {value, onSubmit(value), onChange(value), ask(text), group, myName, solo}
 * (solo: a self-paced session, where a discussion is done alone)
 */
export function buildKind(step, ctx) {
  const build = BUILDERS[step.kind];
  if (build) return build(step, ctx);
  const form = buildAnswerForm(step, ctx);
  return form ? { ...form, takesAnswers: true } : null;
}
