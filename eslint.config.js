import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "runs/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-properties": ["error", { object: "Math", property: "random", message: "randomness comes from the seeded Rng" }],
    },
  },
  // The environment is read only at the CLI boundary (src/cli/environment.ts): every other module gets plain values.
  {
    files: ["src/**/*.ts"],
    ignores: ["src/cli/**"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "Math", property: "random", message: "randomness comes from the seeded Rng" },
        {
          object: "process",
          property: "env",
          message: "only src/cli reads the environment (src/cli/environment.ts); take the value as a parameter",
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "ImportDeclaration[source.value=/^(node:)?process$/] > ImportSpecifier[imported.name='env']",
          message: "only src/cli reads the environment (src/cli/environment.ts); take the value as a parameter",
        },
      ],
    },
  },
  {
    files: ["src/engine/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            // nothing outside src/engine (no other layer, no leaf module), no Node, no package
            {
              regex: "^(?!\\./)",
              message: "src/engine imports only src/engine: no other layer, leaf module, Node or package (docs/architecture.md)",
            },
          ],
        },
      ],
    },
  },
  // The layers (docs/architecture.md): cli → report → sweep → (run, lessons) → terminal → train →
  // config → data → engine, plus the leaf modules errors.ts, metrics.ts, files.ts, version.ts that every layer but the
  // engine may use. Nothing imports a layer above its own. report/ (the HTML pages and the gathering of their data)
  // is imported only by cli/.
  ...layerRules({
    data: ["config", "train", "terminal", "report", "run", "lessons", "sweep", "cli"],
    config: ["train", "terminal", "report", "run", "lessons", "sweep", "cli"],
    train: ["terminal", "report", "run", "lessons", "sweep", "cli"],
    terminal: ["report", "run", "lessons", "sweep", "cli"],
    run: ["report", "lessons", "sweep", "cli"],
    lessons: ["report", "run", "sweep", "cli"],
    sweep: ["report", "cli"],
    report: ["cli"],
  }),
  {
    files: ["src/errors.ts", "src/metrics.ts", "src/files.ts", "src/version.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: ["./*/*"] }] },
  },
  // Issue 12, finding 6: a file a user or a run/sweep folder supplies is read only through src/files.ts
  // (readInputText/readInputBytes: regular files only, under NN_LAB_MAX_INPUT_MB, opened non-blocking), so a FIFO
  // cannot hang a command and /dev/zero cannot exhaust memory. Direct fs reads elsewhere in src are errors; the
  // two reads of nn-lab's own files (package.json, the report page's built assets) carry an eslint-disable
  // comment saying why.
  {
    files: ["src/**/*.ts"],
    ignores: ["src/files.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        ...["readFileSync", "readFile", "createReadStream", "readSync", "read", "readv", "readvSync", "openAsBlob"].flatMap((name) => [
          {
            selector: `ImportDeclaration[source.value=/^(node:)?fs(\\/promises)?$/] ImportSpecifier[imported.name="${name}"]`,
            message: `${name}: read input files through src/files.ts (readInputText/readInputBytes: regular files only, size-capped)`,
          },
          {
            selector: `MemberExpression[property.name="${name}"][object.type="Identifier"][object.name=/^(fs|fsp|promises)$/]`,
            message: `${name}: read input files through src/files.ts (readInputText/readInputBytes: regular files only, size-capped)`,
          },
        ]),
        {
          selector: "ImportDeclaration[source.value=/^(node:)?fs\\/promises$/]",
          message: "fs/promises: read input files through src/files.ts (readInputText/readInputBytes)",
        },
      ],
    },
  },
  {
    files: ["bin/**/*.js", "bench/**/*.js", "examples/**/*.js", "scripts/**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
);

/** One no-restricted-imports block per layer: it may not import the layers listed (the ones above it). */
function layerRules(above) {
  return Object.entries(above).map(([layer, banned]) => ({
    files: [`src/${layer}/**/*.ts`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: banned.map((b) => ({
            group: [`../${b}/**`, `../../${b}/**`, `../../../${b}/**`],
            message: `src/${layer} is below src/${b} (docs/architecture.md)`,
          })),
        },
      ],
    },
  }));
}
