// The deck's safety block in the editor: the phone's help text, when to get help, the action
// plan's reminder and the red-flag phrases. Left empty, each gives neutral wording that names
// no condition; the server checks the block and names any mistake by its field.
import { t } from "../common/messages.js";
import { textField } from "./fields.js";

/** The fields of d.safety (made when first written, dropped when emptied). changed() after each edit. */
export function safetyFields(d, phraseLists, changed) {
  const safety = () => (d.safety && typeof d.safety === "object" ? d.safety : {});
  const set = (key, value) => {
    const next = { ...safety() };
    if (value === undefined || value === "" || (Array.isArray(value) && !value.length)) delete next[key];
    else next[key] = value;
    if (Object.keys(next).length) d.safety = next;
    else delete d.safety;
    changed({ deck: true });
  };
  const text = (key, label, hint, rows) =>
    textField({ label, hint, where: `safety.${key}`, value: safety()[key], kind: "text", rows, onInput: (v) => set(key, v) });
  const flags = safety().red_flags;
  return [
    text("help", t("Help and safety page"), t("Markdown. Shown on the phone's Help and safety page during this class: who to call, and when."), 6),
    text("when_to_get_help", t("When to get help"), t("Markdown. Shown in each person's notebook, and after they delete their answers."), 4),
    text("plan_reminder", t("Action plan reminder"), t("Plain text, up to 1000 characters. Shown with every action plan."), 3),
    textField({
      label: t("Red-flag phrases"),
      hint: t("One phrase a line: free text that mentions all its words in one sentence alerts you privately. Or the name of a list kept by clinicians: {lists}. Empty: no alerts.", { lists: phraseLists.join(", ") }),
      where: "safety.red_flags",
      value: Array.isArray(flags) ? flags.join("\n") : flags,
      kind: "text",
      rows: 3,
      onInput: (v) => set("red_flags", readFlags(v, phraseLists)),
    }),
  ];
}

function readFlags(value, phraseLists) {
  const lines = value.split("\n").map((line) => line.trim()).filter(Boolean);
  if (lines.length === 1 && phraseLists.includes(lines[0])) return lines[0];
  return lines;
}
