import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "apps/api/migrations/**", "data/**", "e2e/artifacts/**", "bench/results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through apps/api/src/config/env.ts" }],
    },
  },
  {
    files: ["apps/api/src/config/env.ts", "apps/cli/**", "e2e/**", "bench/**", "scripts/**", "**/*.test.ts", "apps/api/src/test/**", "vitest.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    files: ["apps/web/**"],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // Values from the contracts' main entry would pull zod into the bundle; types are free.
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { paths: [{ name: "@caihong/contracts", message: "Import values from @caihong/contracts/constants", allowTypeImports: true }] },
      ],
    },
  },
);
