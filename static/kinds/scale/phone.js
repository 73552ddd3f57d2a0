// A scale on the phone: choose one whole number between the ends.

import { register } from "../registry.js";
import { scaleForm } from "../../participant/answer-form.js";

register("scale", "phone", { build: scaleForm });
