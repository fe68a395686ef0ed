/**
 * Learning-rate schedules, stepped once per epoch as torch.optim.lr_scheduler (closed forms):
 *   constant:    lr_t = lr₀
 *   step:        lr_t = lr₀ · γ^⌊t/every⌋                          (StepLR(step_size=every, gamma=γ))
 *   exponential: lr_t = lr₀ · γ^t                                  (ExponentialLR)
 *   cosine:      lr_t = η_min + (lr₀ − η_min)(1 + cos(π·t/T))/2     (CosineAnnealingLR(T_max=T, default epochs))
 * where t = 0 for the first epoch.
 */
import * as libm from "./libm.js";

export type ScheduleChoice =
  | { name: "constant" }
  | { name: "step"; every: number; gamma: number }
  | { name: "exponential"; gamma: number }
  | { name: "cosine"; t_max: number | null; eta_min: number };

/** The one list of schedules, with their parameters' defaults. */
export const SCHEDULES = {
  constant: {},
  step: { every: 100, gamma: 0.5 },
  exponential: { gamma: 0.99 },
  cosine: { t_max: null, eta_min: 0 },
} as const satisfies Record<ScheduleChoice["name"], object>;
export const SCHEDULE_NAMES = Object.keys(SCHEDULES) as [keyof typeof SCHEDULES, ...(keyof typeof SCHEDULES)[]];

/** The learning rate of epoch index t (0-based) of `epochs`. */
export function learningRate(schedule: ScheduleChoice, lr0: number, t: number, epochs: number): number {
  switch (schedule.name) {
    case "constant":
      return lr0;
    case "step":
      return lr0 * libm.pow(schedule.gamma, Math.floor(t / schedule.every));
    case "exponential":
      return lr0 * libm.pow(schedule.gamma, t);
    case "cosine": {
      const tMax = schedule.t_max ?? epochs;
      return schedule.eta_min + ((lr0 - schedule.eta_min) * (1 + libm.cos((Math.PI * t) / tMax))) / 2;
    }
  }
}
