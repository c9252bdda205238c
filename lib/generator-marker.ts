/**
 * The root output that marks a root lakegen generated. lakegen check applies its house rules
 * (LG-LAKEGEN-*) to such roots only, unless asked to apply them everywhere.
 */
export const GENERATOR_OUTPUT = "lakegen";
