/**
 * Sharing the JS thread between COM calls and everything else.
 *
 * A WMI call that has its answer ready (Wine always, Windows often) runs its native work
 * synchronously: ExecQuery, Next, the conversion of the objects — about a quarter of a
 * millisecond for a Win32_OperatingSystem query under Wine. Ten such calls started
 * together would all run in one turn of the event loop and delay timers by several
 * milliseconds; a caller running calls back to back would never let the loop run at all.
 * So each unit of COM work (a call, a batch of an enumeration) first takes a turn: it
 * goes on at once (no cost) when it is the first of this event-loop turn, or when the
 * turn's time so far plus the predicted cost of the unit stays within the turn budget;
 * otherwise it waits for the next turn (setImmediate), letting timers and I/O run in
 * between. Streams also convert the objects of a batch only while the turn has budget
 * (`turnHasBudget`), so one large batch does not make one long turn either.
 *
 * Prediction: the smoothed cost of the recent units (each from its start to the next
 * request: its native call, its conversion and what its caller did with the result).
 * Before, a unit started whenever less than the budget had been used, so every turn
 * overran by about one call (a 2 ms budget made turns of 2.3–4 ms); now a turn ends
 * within its budget unless one unit is much slower than the recent ones.
 *
 * Budget: what a yield costs is measured (from the unit sent on to COM work resuming:
 * the loop's timers, its I/O poll and whatever else ran) and the budget is six yields'
 * worth, between 3 and 5 ms. A hop costs ~2 µs in Linux node, but in node.exe under Wine
 * every loop iteration polls the I/O completion port through the wineserver: 25–100 µs
 * median at load 4, mean up to 270 µs, p99 3.7 ms (2000 setImmediate hops), and at load 7
 * the yields of a back-to-back caller cost ~60 µs of CPU per call (one process, the same
 * API with and without yields, interleaved). So the budget grows where yielding is
 * dear — fairness stays about a sixth of the COM work — and stays at 3 ms where it is
 * cheap; the loop's delay is about budget + one hop, within the 10 ms target.
 */

/** The shortest turn budget: what a hop costs on Windows and in an idle Wine is far below it. */
const MIN_TURN_BUDGET_MS = 3;
/**
 * The longest: under load a hop through Wine's wineserver costs up to ~0.8 ms, and the
 * loop's delay is about budget + hop, so 5 ms keeps that under the 10 ms target.
 */
const MAX_TURN_BUDGET_MS = 5;
/** The budget is this many times the recent cost of a hop (fairness ≤ ~1/6 of the time). */
const HOP_COST_FACTOR = 6;

/** Start of the current turn's COM work; -1 when no unit has run in this turn yet. */
let turnStart = -1;
/** Start of the last unit allowed to run in this turn; -1 once its cost is counted. */
let unitStart = -1;
/** Predicted cost of the next unit: the recent units' cost, smoothed; ms. */
let unitCost = 0;
/** When a unit of the current turn was first sent to the next turn; -1: none was. */
let yieldedAt = -1;
/** Recent cost of one yield (from a unit sent on to COM work resuming), smoothed; ms. */
let hopCost = 0;
let turnBudget = MIN_TURN_BUDGET_MS;

function endTurn(): void {
  turnStart = -1;
}

/** Resolves when this turn of the event loop has budget for one more unit of COM work. */
export function takeTurn(): Promise<void> | undefined {
  const now = performance.now();
  if (turnStart < 0) {
    turnStart = now;
    unitStart = now;
    if (yieldedAt >= 0) {
      // What the yield cost: the loop's own iteration (timers, the I/O poll — a
      // wineserver round trip under Wine) and whatever else ran in it, not COM work.
      measureHop(now - yieldedAt);
      yieldedAt = -1;
    }
    // Runs in the check phase of this loop iteration: the next iteration starts afresh.
    setImmediate(endTurn);
    return undefined;
  }
  // The unit that started at unitStart has ended (this is the next request): fold its
  // cost into the prediction. Smoothed, because on a shared machine one unit now and
  // then is preempted for milliseconds; predicting from it alone ended turns early
  // (measured: 0.18 hops per call instead of ~0.13 at load 7).
  if (unitStart >= 0) {
    unitCost += (now - unitStart - unitCost) / 4;
    unitStart = -1;
  }
  if (now - turnStart + unitCost < turnBudget) {
    unitStart = now;
    return undefined;
  }
  if (yieldedAt < 0) yieldedAt = now;
  return new Promise<void>((resolve) => setImmediate(resolve)).then(takeTurn);
}

/** Folds one yield's cost into the budget: `HOP_COST_FACTOR` hops' worth, within the bounds. */
function measureHop(ms: number): void {
  hopCost += (ms - hopCost) / 8;
  turnBudget = Math.min(MAX_TURN_BUDGET_MS, Math.max(MIN_TURN_BUDGET_MS, HOP_COST_FACTOR * hopCost));
}

/** Whether the current turn (already taken) still has budget for more COM work. */
export function turnHasBudget(): boolean {
  return turnStart < 0 || performance.now() - turnStart < turnBudget;
}
