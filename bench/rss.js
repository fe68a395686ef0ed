/**
 * Runs the nn-lab CLI in this process with the given arguments, then prints its peak resident set size as
 * {"max_rss_kib": N} on the last line of stdout (process.resourceUsage().maxRSS is in KiB).
 * Run: node bench/rss.js train bench/w1-tiny.yaml --set train.epochs=100000 --run-dir /tmp/w1 --overwrite --quiet
 */
import { main } from "../dist/cli/main.js";

const code = await main(process.argv.slice(2));
console.log(JSON.stringify({ max_rss_kib: process.resourceUsage().maxRSS, exit: code }));
process.exitCode = code;
