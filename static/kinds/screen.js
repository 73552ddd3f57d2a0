// The projector's part of every kind of step that draws its own; a new kind adds its line.

import "./scale/screen.js";
import "./rank/screen.js";
import "./points/screen.js";
import "./numeric/screen.js";
import "./wordcloud/screen.js";
import "./open/screen.js";
import "./discuss/screen.js";
import "./feedback/screen.js";
