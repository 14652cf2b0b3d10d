/** Where "what is running now" goes; the default drops it. */
let sink: (what: string) => void = () => undefined;

/**
 * Says what the harness is doing now (`fuzz-3-7: fit`, `fuzz-3-7: proving
 * multi-output-fit`). A worker forwards it to the main thread, so a case
 * that never returns, or whose worker dies, is reported with what it was
 * running.
 */
export function activity(what: string): void {
  sink(what);
}

/** Routes {@link activity} reports (a worker installs one per task). */
export function onActivity(next: (what: string) => void): void {
  sink = next;
}
