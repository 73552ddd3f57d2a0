// A slide in the editor: whether it is a key message, and its picture.

import { register } from "../registry.js";

function fields(step, where, kit) {
  return [
    kit.check(step, where, "takeaway", "Key message", "Kept in each person's notebook."),
    kit.image(step, where, "slide"),
  ];
}

register("slide", "editor", { label: "Slide", fields });
