// A slide in the editor: whether it is a key message, and its picture.

import { t } from "../../common/messages.js";
import { register } from "../registry.js";

function fields(step, where, kit) {
  return [
    kit.check(step, where, "takeaway", t("Key message"), t("Kept in each person's notebook.")),
    kit.image(step, where, "slide"),
  ];
}

register("slide", "editor", { label: t("Slide"), fields });
