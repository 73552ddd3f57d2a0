// A word cloud on the projector, before the cloud: how many words each person may send.

import { register } from "../registry.js";
import { h, said } from "../../common/dom.js";

function question(step, snap, correct, voices) {
  const most = Number(step.max_words) || 1;
  const line = (v) => (most === 1 ? v.t("Send one word on your phone.") : v.plural("Send up to {count} word on your phone.", "Send up to {count} words on your phone.", most));
  return h("p", { class: "prompt-line" }, said(voices, line));
}

register("wordcloud", "screen", { question, saysWhereToAnswer: true });
