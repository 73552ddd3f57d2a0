// A poll on the phone: choose one option, or several.

import { register } from "../registry.js";
import { choiceForm } from "../../participant/answer-form.js";

register("poll", "phone", { build: choiceForm });
