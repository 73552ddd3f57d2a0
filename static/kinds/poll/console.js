// A poll on the console: its name and how many options each person may choose.

import { register } from "../registry.js";

register("poll", "console", {
  label: "Poll",
  summary: (step) => `Poll, ${step.multiple ? "more than one answer" : "one answer"}`,
});
