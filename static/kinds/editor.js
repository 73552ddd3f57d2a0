// The deck editor's part of every kind of step, in the order it offers them; a new kind adds
// its line.

import "./slide/editor.js";
import "./poll/editor.js";
import "./quiz/editor.js";
import "./scale/editor.js";
import "./rank/editor.js";
import "./points/editor.js";
import "./numeric/editor.js";
import "./wordcloud/editor.js";
import "./open/editor.js";
import "./reflect/editor.js";
import "./discuss/editor.js";
import "./plan/editor.js";
import "./plan_review/editor.js";
import "./feedback/editor.js";
