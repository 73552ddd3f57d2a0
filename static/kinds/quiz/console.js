// A quiz on the console: its name and how many options each person may choose.

import { register } from "../registry.js";

register("quiz", "console", {
  label: "Quiz",
  summary: (step) => `Quiz, ${step.multiple ? "more than one answer" : "one answer"}`,
});
