/** `nn-lab activations`: the comparison table of every activation in the registry, computed from the engine. */
import { ACTIVATION_NAMES, ACTIVATIONS, type Activation } from "../engine/activations.js";
import { activationsTable } from "../report/activation-card.js";
import { terminalWidth } from "../report/colors.js";
import { EXIT } from "./exit.js";

export async function activationsCommand(): Promise<number> {
  const rows = ACTIVATION_NAMES.map((name) => {
    const entry = ACTIVATIONS[name];
    return { label: name, act: (entry.make as (p: Record<string, number>) => Activation)(entry.params), use: entry.use };
  });
  process.stdout.write(activationsTable(rows, terminalWidth(process.stdout)) + "\n");
  return EXIT.ok;
}
