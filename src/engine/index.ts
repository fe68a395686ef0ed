/** The engine: pure math on Float64Arrays, no Node or terminal imports. */
export * from "./activations.js";
export * from "./init.js";
export * from "./losses.js";
export * from "./matmul.js";
export * from "./layer.js";
export * from "./mlp.js";
export * from "./optim.js";
export * from "./params.js";
export * from "./rng.js";
export * from "./schedule.js";
export * from "./special.js";
export * from "./batchnorm.js";
export * from "./blocks.js";
