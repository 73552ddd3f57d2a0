// A slide on the console: nothing more than its name; slides take no answers.

import { register } from "../registry.js";

register("slide", "console", { label: "Slide" });
