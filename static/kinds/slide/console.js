// A slide on the console: nothing more than its name; slides take no answers.

import { register } from "../registry.js";
import { t } from "../../common/messages.js";

register("slide", "console", { label: t("Slide") });
