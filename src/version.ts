// eslint-disable-next-line no-restricted-syntax -- nn-lab's own package.json, next to dist/: not user input
import { readFileSync } from "node:fs";

/** nn-lab's version, from package.json. */
export const VERSION: string = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string })
  .version;
