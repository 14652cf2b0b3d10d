/**
 * Where a checkpoint falls in a case, so a run can stop after one: `build`,
 * `init`, `forward`, `forward-training`, `loss` and `gradients` (step 1),
 * `step-k`, `reload`, `fit`, `dispose`.
 */
export function checkpointRank(checkpoint: string): number {
  const fixed: Record<string, number> = {
    build: 0,
    init: 1,
    forward: 2,
    'forward-training': 3,
    loss: 4,
    gradients: 5,
    reload: 1e6,
    fit: 1e6 + 1,
    dispose: 1e6 + 2,
  };
  if (checkpoint in fixed) return fixed[checkpoint];
  const step = /^step-(\d+)$/.exec(checkpoint);
  return step ? 5 + Number(step[1]) : fixed.dispose;
}

/** Whether a run that stops after `until` (undefined: runs everything) still runs `checkpoint`. */
export function runsTo(until: string | undefined, checkpoint: string): boolean {
  return until === undefined || checkpointRank(checkpoint) <= checkpointRank(until);
}
