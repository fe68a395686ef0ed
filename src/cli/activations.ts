/** `nn-lab activations`: the comparison table of every activation in the registry, computed from the engine. */
import { ACTIVATION_NAMES, ACTIVATIONS, type Activation } from "../engine/activations.js";
import { activationFacts } from "../engine/activation-facts.js";
import { activationsTable } from "../terminal/activation-card.js";
import { terminalWidth } from "../terminal/colors.js";
import { EXIT } from "./exit.js";
import type { CommonOptions } from "./options.js";
import { emit } from "./output.js";

export async function activationsCommand(opts: CommonOptions): Promise<number> {
  const rows = ACTIVATION_NAMES.map((name) => {
    const entry = ACTIVATIONS[name];
    return { label: name, act: (entry.make as (p: Record<string, number>) => Activation)(entry.params), use: entry.use };
  });
  emit(
    opts,
    () => rows.map((r) => ({ name: r.label, use: r.use, facts: activationFacts(r.act) })),
    () => activationsTable(rows, terminalWidth(process.stdout)) + "\n",
  );
  return EXIT.ok;
}
