// Who answers for the deck: its clinical owner and the date it is due for clinical review.
// The approval is not here: a reviewer or an admin gives it on the Versions page, to one
// version, and a later change makes the deck a draft again.
import { t } from "../common/messages.js";
import { textField } from "./fields.js";

/** The fields of d.governance (made when first written, dropped when emptied). changed() after each edit. */
export function governanceFields(d, changed) {
  const block = () => (d.governance && typeof d.governance === "object" ? d.governance : {});
  const set = (key, value) => {
    const next = { ...block() };
    if (value.trim() === "") delete next[key];
    else next[key] = value;
    if (Object.keys(next).length) d.governance = next;
    else delete d.governance;
    changed({ deck: true });
  };
  const line = (key, label, hint) =>
    textField({ label, hint, where: `governance.${key}`, value: block()[key], onInput: (v) => set(key, v) });
  return [
    line("owner", t("Clinical owner"), t("The clinician who answers for what this deck says. Shown in the library and on the console.")),
    line("owner_role", t("Clinical owner's role"), t("For example: Clinical lead physiotherapist.")),
    line("review_by", t("Review by"), t("The date the clinical owner reviews this deck again, as year-month-day (2027-06-30). After it, the library and the console say it is overdue.")),
  ];
}
