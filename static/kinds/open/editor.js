// An open question in the editor: how long an answer may be.

import { t } from "../../common/messages.js";
import { register } from "../registry.js";

function fields(step, where, kit) {
  return [kit.number(step, where, "max_length", t("Longest answer (characters)"), t("20 to 1000; 280 if left empty."))];
}

register("open", "editor", { label: t("Open question"), asksQuestion: true, fields });
