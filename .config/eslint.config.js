// @ts-check
import { fileURLToPath } from "node:url";

import eslint from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

const projectRoot = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig(
  // What the project owns, and nothing else that lies in the checkout (scratch files, notes).
  globalIgnores(
    ["*", "!client/", "!node/", "!scripts/", "!test/", "!contracts/", "!.config/", "!hardhat.config.ts"],
    "Files outside the project's own folders",
  ),
  globalIgnores([
    "node_modules/",
    "dist/",
    "artifacts/",
    "cache/",
    "coverage/",
    "client/kernel/registry/contracts/",
    "scripts/ignition/deployments/",
    "**/*.generated.ts",
  ]),
  eslint.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: projectRoot },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/explicit-module-boundary-types": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "no-console": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // dependency-cruiser loads its configuration as CommonJS.
    files: ["**/*.cjs"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: "commonjs", parserOptions: { projectService: false } },
  },
  {
    // The dashboard's page runs in a browser (its own tsconfig gives it the DOM's types).
    files: ["client/dashboard/web/**"],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ["scripts/**", "**/cli/**", "test/**"],
    rules: { "no-console": "off" },
  },
  {
    files: ["test/**"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unused-expressions": "off",
    },
  },
);
