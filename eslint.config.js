import js from "@eslint/js";
import tseslint from "typescript-eslint";
import layers from "./scripts/eslint-layers.js";

const RANDOM = { object: "Math", property: "random", message: "randomness comes from the seeded Rng" };
// Math's implementation-approximated functions (ECMAScript §21.3.2): their last bit depends on the JavaScript engine.
const LIBM_FUNCTIONS = [
  "exp",
  "expm1",
  "log",
  "log1p",
  "log2",
  "log10",
  "tanh",
  "sinh",
  "cosh",
  "sin",
  "cos",
  "tan",
  "asin",
  "acos",
  "atan",
  "atan2",
  "asinh",
  "acosh",
  "atanh",
  "pow",
  "cbrt",
  "hypot",
];
const ENV_MESSAGE = "only src/cli reads the environment (src/cli/environment.ts); take the value as a parameter";
/** The no-restricted-properties bans every folder of src/ but cli/ has: randomness only from the seeded Rng, no environment. */
const PROPERTY_BANS = [
  RANDOM,
  { object: "process", property: "env", message: ENV_MESSAGE },
  { object: "globalThis", property: "process", message: ENV_MESSAGE },
];
const FS_READS = ["readFileSync", "readFile", "createReadStream", "readSync", "read", "readv", "readvSync", "openAsBlob"];

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "runs/", "coverage/", ".stryker-tmp/", "reports/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-properties": ["error", RANDOM],
    },
  },
  // Rules that differ by folder are built by one function per rule (restrictedSyntax below), because ESLint's flat
  // config gives a file the LAST block's options for a rule: two blocks setting no-restricted-syntax for one file
  // would not add up, the later would replace the earlier.
  //
  // The environment is read only at the CLI boundary (src/cli/environment.ts): every other module gets plain values.
  // Issue 12, finding 6: a file a user or a run/sweep folder supplies is read only through src/files.ts
  // (readInputText/readInputBytes: regular files only, under NN_LAB_MAX_INPUT_MB, opened non-blocking), so a FIFO
  // cannot hang a command and /dev/zero cannot exhaust memory. Direct fs reads elsewhere in src are errors; the
  // two reads of nn-lab's own files (package.json, the report page's built assets) carry an eslint-disable
  // comment saying why.
  restrictedSyntax(["src/**/*.ts"], ["src/cli/**", "src/files.ts"], { env: true, reads: true }),
  restrictedSyntax(["src/cli/**/*.ts"], [], { env: false, reads: true }),
  restrictedSyntax(["src/files.ts"], [], { env: true, reads: false }),
  // Issue 20 item 3: no spread of an array into a call in the report (Math.max(...values) overflows the call stack
  // past ~10⁵ values: a long run's report was blank). Loops (page/dom.ts maxOf/minOf), or arrays passed as they are.
  // (The playground, src/report/play, is not held to it yet.)
  restrictedSyntax(["src/report/*.ts", "src/report/page/**/*.ts"], [], { env: true, reads: true, spread: true }),
  {
    files: ["src/**/*.ts"],
    ignores: ["src/cli/**"],
    rules: {
      "no-restricted-properties": ["error", ...PROPERTY_BANS],
    },
  },
  // The engine owns its libm (src/engine/libm.ts): JavaScript engines differ in the last bit of Math.exp, Math.log,
  // Math.sin … (Chromium's V8 against Node 20's for ~10 % of exp's arguments), so the code that computes a run's numbers
  // (engine, data, config, train: all of it also runs in the playground page) calls libm.* instead. This block
  // repeats the bans of the block above (PROPERTY_BANS), because ESLint keeps only the last matching block's options
  // for a rule.
  {
    files: ["src/engine/**/*.ts", "src/data/**/*.ts", "src/config/**/*.ts", "src/train/**/*.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        ...PROPERTY_BANS,
        ...LIBM_FUNCTIONS.map((property) => ({
          object: "Math",
          property,
          message: `Math.${property} differs between JavaScript engines: use the engine's libm (src/engine/libm.ts)`,
        })),
      ],
    },
  },
  // The layers (docs/architecture.md): cli → report → sweep → (run, lessons) → terminal → train → config → data →
  // engine, plus the leaf modules errors.ts, metrics.ts, files.ts, version.ts that every layer but the engine may
  // use. Nothing imports a layer above its own, whatever the depth of either file; nothing in src imports
  // src/index.ts. The table is scripts/eslint-layers.js's LAYERS.
  {
    files: ["src/**/*.ts"],
    plugins: { "nn-lab": layers },
    rules: { "nn-lab/layers": "error" },
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
  {
    files: ["bin/**/*.js", "bench/**/*.js", "examples/**/*.js", "scripts/**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
);

/** One no-restricted-syntax block: the environment ban (env), the file-read ban (reads) and the call-spread ban (spread), as the folder needs. */
function restrictedSyntax(files, ignores, { env, reads, spread = false }) {
  const readMessage = (name) =>
    `${name}: read input files through src/files.ts (readInputText/readInputBytes: regular files only, size-capped)`;
  const selectors = [
    ...(env
      ? [
          { selector: "ImportDeclaration[source.value=/^(node:)?process$/] > ImportSpecifier[imported.name='env']", message: ENV_MESSAGE },
          { selector: "ImportDeclaration[source.value=/^(node:)?process$/] > ImportNamespaceSpecifier", message: ENV_MESSAGE },
        ]
      : []),
    ...(reads
      ? [
          ...FS_READS.flatMap((name) => [
            {
              selector: `ImportDeclaration[source.value=/^(node:)?fs(\\/promises)?$/] ImportSpecifier[imported.name="${name}"]`,
              message: readMessage(name),
            },
            {
              selector: `MemberExpression[property.name="${name}"][object.type="Identifier"][object.name=/^(fs|fsp|promises)$/]`,
              message: readMessage(name),
            },
          ]),
          {
            selector: "ImportDeclaration[source.value=/^(node:)?fs\\/promises$/]",
            message: "fs/promises: read input files through src/files.ts (readInputText/readInputBytes)",
          },
        ]
      : []),
    ...(spread
      ? [
          {
            selector: "CallExpression > SpreadElement, NewExpression > SpreadElement",
            message: "no spread into a call in the report: a long array overflows the call stack (use a loop, e.g. page/dom.ts maxOf)",
          },
        ]
      : []),
  ];
  return { files, ignores, rules: { "no-restricted-syntax": ["error", ...selectors] } };
}
