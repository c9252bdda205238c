// ESLint for lakegen: typescript-eslint's recommended rules, the house limits, and a reason on every
// disabled rule. Formatting is Prettier's (.prettierrc.json); `npm run lint` runs both.
import js from "@eslint/js";
import comments from "@eslint-community/eslint-plugin-eslint-comments/configs";
import tseslint from "typescript-eslint";

/** Tests, their kit and the benchmarks: long tables of cases are their point, so the function limit is off. */
const TEST_CODE = ["**/*.test.ts", "test/**/*.ts", "testkit/**/*.ts", "bench/**/*.ts"];

export default tseslint.config(
  { ignores: ["build/", "dist/", "node_modules/", "cdktf.out/", ".venv/", ".venv-e2e/", "coverage/", "bin/", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  comments.recommended,
  {
    files: ["**/*.ts"],
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // A disabled rule says why, on the same line: `// eslint-disable-line <rule> -- <reason>`.
      "@eslint-community/eslint-comments/require-description": ["error", { ignore: [] }],
      "@eslint-community/eslint-comments/no-unlimited-disable": "error",
      "max-len": ["error", { code: 140, tabWidth: 2 }],
      "max-lines-per-function": ["error", { max: 80, skipBlankLines: false, skipComments: false }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  { files: TEST_CODE, rules: { "max-lines-per-function": "off" } },
);
