// A poll on the console: its name and how many options each person may choose.

import { register } from "../registry.js";
import { t } from "../../common/messages.js";

register("poll", "console", {
  label: t("Poll"),
  summary: (step) => (step.multiple ? t("Poll, more than one answer") : t("Poll, one answer")),
});
