/**
 * Sharing the JS thread between COM calls and everything else.
 *
 * A WMI call that has its answer ready (Wine always, Windows often) runs its native work
 * synchronously: ExecQuery, Next, the conversion of the objects — about half a
 * millisecond for a Win32_OperatingSystem query under Wine. Ten such calls started
 * together would all run in one turn of the event loop and delay timers by several
 * milliseconds. So each call first takes a turn: while the current turn of the event
 * loop has spent less than `TURN_BUDGET_MS` on COM work it goes on at once (no cost),
 * otherwise it waits for the next turn (setImmediate), letting timers and I/O run in
 * between. Streams also convert the objects of a batch only while the turn has budget
 * (`turnHasBudget`), so one large batch does not make one long turn either.
 *
 * 2 ms (it was 4): measured under Wine with 10 calls in flight, the loop's p99 delay went
 * from 11.8–12.3 ms to 5.7–12.5 ms (the idle process alone showing 4–9 ms on this
 * loaded machine), with no loss of throughput; a turn costs 100–250 µs in node.exe under
 * Wine, so a caller that runs calls back to back pays about one such hop per 2 ms.
 */

const TURN_BUDGET_MS = 2;

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

/** Whether the current turn (already taken) still has budget for more COM work. */
export function turnHasBudget(): boolean {
  return turnStart < 0 || performance.now() - turnStart < TURN_BUDGET_MS;
}
