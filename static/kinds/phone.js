// The phone's part of every kind of step; a new kind adds its line.

import "./poll/phone.js";
import "./quiz/phone.js";
import "./scale/phone.js";
import "./rank/phone.js";
import "./points/phone.js";
import "./numeric/phone.js";
import "./wordcloud/phone.js";
import "./open/phone.js";
import "./reflect/phone.js";
import "./discuss/phone.js";
import "./plan/phone.js";
import "./plan_review/phone.js";
import "./feedback/phone.js";
