import type { KernelFinding } from '../trace/KernelFinding';

/**
 * A documented backend behaviour that explains a kernel finding (a kernel
 * that computes other values on two backends from identical inputs) —
 * only once it is confirmed on the finding itself: a rerun of that kernel
 * with the behaviour switched off (oneDNN off in a child process) that
 * gives the reference backend's values, or a predicted value the finding's
 * own outputs match exactly. `suspect` only decides whether the
 * confirmation is worth running.
 */
export interface KernelCause {
  id: string;
  summary: string;
  /** The regression fixture(s) that record it (a glob). */
  fixture: string;
  suspect(f: KernelFinding): boolean;
  /** How the finding confirms the cause (the evidence), or undefined when it does not. */
  confirm(f: KernelFinding): string | undefined;
}
