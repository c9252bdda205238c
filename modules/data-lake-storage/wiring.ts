/** data-lake-storage takes nothing from other modules. */
import { z } from "zod";
import { type Wires } from "../../lib/module";

export const wiring = z.object({});

export const wires: Wires<typeof wiring> = {};
