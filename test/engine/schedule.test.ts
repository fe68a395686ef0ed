/**
 * Learning-rate schedules (schedule.ts), stepped once per epoch (docs/spec.md §3). What these tests prove: the lr of
 * epoch t (0-based) equals what torch.optim.lr_scheduler's StepLR, ExponentialLR and CosineAnnealingLR report
 * before the t-th epoch, T_max defaults to the number of epochs, and eta_min is respected.
 */
import { describe, expect, it } from "vitest";
import { learningRate, SCHEDULE_NAMES, type ScheduleChoice } from "../../src/engine/schedule.js";
import { expectAllClose } from "./helpers.js";

/** lr for epochs 0..n−1. */
function lrs(schedule: ScheduleChoice, lr0: number, n: number, epochs = n): number[] {
  return Array.from({ length: n }, (_, t) => learningRate(schedule, lr0, t, epochs));
}

// torch reference (PyTorch 1.13): opt = SGD([p], lr=0.1); sched = <Scheduler>(opt, ...);
// for each epoch: record opt.param_groups[0]["lr"]; opt.step(); sched.step()
describe("learningRate", () => {
  it("lists the four schedules", () => {
    expect(SCHEDULE_NAMES).toEqual(["constant", "step", "exponential", "cosine"]);
  });

  it("constant: lr₀ every epoch", () => {
    expect(lrs({ name: "constant" }, 0.1, 5)).toEqual([0.1, 0.1, 0.1, 0.1, 0.1]);
  });

  it("step (every 3, γ 0.5) = StepLR(step_size=3, gamma=0.5): halves at epochs 3, 6, 9", () => {
    // 0.1·0.5^⌊t/3⌋
    expectAllClose(
      lrs({ name: "step", every: 3, gamma: 0.5 }, 0.1, 10),
      [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125],
      1e-15,
    );
  });

  it("exponential (γ 0.9) = ExponentialLR(gamma=0.9)", () => {
    // 0.1·0.9^t; torch multiplies step by step, so it drifts by an ulp or two from the closed form
    expectAllClose(
      lrs({ name: "exponential", gamma: 0.9 }, 0.1, 10),
      [
        0.1, 0.09000000000000001, 0.08100000000000002, 0.07290000000000002, 0.06561000000000002, 0.05904900000000002, 0.05314410000000002,
        0.04782969000000002, 0.043046721000000024, 0.03874204890000002,
      ],
      1e-14,
    );
  });

  it("cosine with T_max defaulting to epochs (10) = CosineAnnealingLR(T_max=10)", () => {
    // η_t = ½·0.1·(1 + cos(πt/10)): t = 5 → 0.05
    const expected = [
      0.1, 0.09755282581475769, 0.09045084971874738, 0.07938926261462367, 0.06545084971874739, 0.05000000000000001, 0.03454915028125264,
      0.020610737385376353, 0.009549150281252635, 0.002447174185242324,
    ];
    expectAllClose(lrs({ name: "cosine", t_max: null, eta_min: 0 }, 0.1, 10), expected, 1e-13);
    expectAllClose(lrs({ name: "cosine", t_max: 10, eta_min: 0 }, 0.1, 10, 999), expected, 1e-13);
  });

  it("cosine with T_max 8, eta_min 0.01 = CosineAnnealingLR(T_max=8, eta_min=0.01), past T_max too", () => {
    // t = 4: 0.01 + 0.09·(1 + cos(π/2))/2 = 0.055; t = 8: eta_min = 0.01; beyond T_max it rises again as torch
    expectAllClose(
      lrs({ name: "cosine", t_max: 8, eta_min: 0.01 }, 0.1, 12),
      [
        0.1, 0.0965745789630079, 0.08681980515339463, 0.07222075445642905, 0.055, 0.03777924554357096, 0.023180194846605363,
        0.013425421036992097, 0.01, 0.013425421036992097, 0.02318019484660537, 0.03777924554357097,
      ],
      1e-13,
    );
  });
});
