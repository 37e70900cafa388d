import nextVitals from "eslint-config-next/core-web-vitals";
import tseslint from "typescript-eslint";

const layerRules = {
  app: {
    patterns: [
      { group: ["@/lib/db", "@/lib/db/*", "@/lib/generated/*"], message: "Database access belongs to a service in lib/, not to app/ or components/." },
    ],
    paths: [{ name: "@prisma/client", message: "Use a service in lib/." }],
  },
  lib: {
    patterns: [
      { group: ["next", "next/*"], message: "lib/ is framework-free: no next/* imports." },
      { group: ["react", "react-dom", "react/*"], message: "lib/ is framework-free: no React." },
      { group: ["@/components/*", "@/app/*"], message: "lib/ must not depend on the UI layers." },
    ],
  },
};

export default tseslint.config(
  { ignores: [".next/**", ".next-*/**", "node_modules/**", "lib/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "bench/out/**"] },
  ...nextVitals,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  { files: ["app/**", "components/**"], rules: { "no-restricted-imports": ["error", layerRules.app] } },
  { files: ["lib/**"], rules: { "no-restricted-imports": ["error", layerRules.lib] } },
  { files: ["**/*.mjs", "**/*.js"], ...tseslint.configs.disableTypeChecked },
);
