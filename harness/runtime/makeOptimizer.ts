import { UsageError } from '../errors';
import { tf, type Tf } from './tf';

/** The seven tfjs optimizers. */
export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'adamax', 'rmsprop', 'adagrad', 'adadelta'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Hyperparameters; each optimizer reads the ones it has. */
export interface OptimizerOptions {
  learningRate?: number;
  momentum?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  rho?: number;
  decay?: number;
  centered?: boolean;
  initialAccumulatorValue?: number;
}

/** A fresh tfjs optimizer; one instance per side, never shared. */
export function makeOptimizer(name: OptimizerName, o: OptimizerOptions = {}, t: Tf = tf) {
  // `t` is tfjs itself, or the export's code recorder (harness/export/codeOf.ts), which writes the call as source.
  const lr = o.learningRate ?? 0.01;
  switch (name) {
    case 'sgd':
      return t.train.sgd(lr);
    case 'momentum':
      return t.train.momentum(lr, o.momentum ?? 0.9);
    case 'adam':
      return t.train.adam(lr, o.beta1, o.beta2, o.epsilon);
    case 'adamax':
      return t.train.adamax(lr, o.beta1, o.beta2, o.epsilon);
    // Momentum > 0 by default so its momentum slots exist and are compared.
    case 'rmsprop':
      return t.train.rmsprop(lr, o.decay ?? 0.9, o.momentum ?? 0.5, o.epsilon, o.centered ?? false);
    case 'adagrad':
      return t.train.adagrad(lr, o.initialAccumulatorValue);
    case 'adadelta':
      return t.train.adadelta(lr, o.rho, o.epsilon);
    default:
      throw new UsageError(`unknown optimizer '${name as string}': use one of ${OPTIMIZERS.join(', ')}`);
  }
}
