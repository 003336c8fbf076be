/**
 * Sharing the JS thread between COM calls and everything else.
 *
 * A WMI call that has its answer ready (Wine always, Windows often) runs its native work
 * synchronously: ExecQuery, Next, the conversion of the objects — about a millisecond
 * for a Win32_OperatingSystem query. Ten such calls started together would all run in
 * one turn of the event loop and delay timers by ten milliseconds. So each call first
 * takes a turn: while the current turn of the event loop has spent less than
 * `TURN_BUDGET_MS` (4 ms) on COM work it goes on at once (no cost), otherwise it waits for the
 * next turn (setImmediate), letting timers and I/O run in between.
 */

const TURN_BUDGET_MS = 4;

let turnStart = -1;

function endTurn(): void {
  turnStart = -1;
}

/** Resolves when this turn of the event loop still has budget for COM work. */
export function takeTurn(): Promise<void> | undefined {
  const now = performance.now();
  if (turnStart < 0) {
    turnStart = now;
    // Runs in the check phase of this loop iteration: the next iteration starts afresh.
    setImmediate(endTurn);
    return undefined;
  }
  if (now - turnStart < TURN_BUDGET_MS) return undefined;
  return new Promise<void>((resolve) => setImmediate(resolve)).then(() => takeTurn());
}
