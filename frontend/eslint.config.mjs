import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    "out/**",
    "next-env.d.ts",
    "src/lib/generated/**",
    "test-results/**",
    "playwright-report/**",
    "screenshots/**",
  ]),
  {
    rules: {
      // Features meet only through their index.ts (bulletproof-react's boundaries).
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/features/*/*"],
              message: "Import a feature through its index.ts: '@/features/<name>'.",
            },
          ],
        },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // Playwright fixtures call their continuation `use`, which is not React's hook.
    files: ["e2e/**", "src/testing/e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // Shared layers never reach up into features or routes.
    files: ["src/lib/**", "src/components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [{ group: ["@/features/**", "@/app/**"], message: "lib and components/ui sit below features." }],
        },
      ],
    },
  },
]);
