// A quiz on the console: its name and how many options each person may choose.

import { register } from "../registry.js";
import { t } from "../../common/messages.js";

register("quiz", "console", {
  label: t("Quiz"),
  summary: (step) => (step.multiple ? t("Quiz, more than one answer") : t("Quiz, one answer")),
});
