// The console's part of every kind of step; a new kind adds its line.

import "./slide/console.js";
import "./poll/console.js";
import "./quiz/console.js";
import "./scale/console.js";
import "./rank/console.js";
import "./points/console.js";
import "./numeric/console.js";
import "./wordcloud/console.js";
import "./open/console.js";
import "./reflect/console.js";
import "./discuss/console.js";
import "./plan/console.js";
import "./plan_review/console.js";
import "./feedback/console.js";
