// A word cloud on the projector, before the cloud: how many words each person may send.

import { register } from "../registry.js";
import { h } from "../../common/dom.js";

function question(step) {
  const most = Number(step.max_words) || 1;
  return h("p", { class: "prompt-line", text: most === 1 ? "Send one word on your phone." : `Send up to ${most} words on your phone.` });
}

register("wordcloud", "screen", { question, saysWhereToAnswer: true });
