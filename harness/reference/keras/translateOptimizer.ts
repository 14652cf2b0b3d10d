import type { OptimizerName, OptimizerOptions } from '../../runtime/makeOptimizer';

/** A Keras optimizer, as keras_reference.py builds it: `keras.optimizers[class](**config)`. */
export interface KerasOptimizer {
  class: string;
  config: Record<string, number | boolean>;
}

/**
 * The Keras optimizer that runs the update the harness's tfjs optimizer
 * runs, every hyperparameter explicit — tfjs's defaults (as
 * runtime/makeOptimizer.ts builds them) and tfjs's epsilon, which is the
 * backend's (1e-7 on cpu, wasm and tensorflow), where Keras has its own.
 * Known differences in the update formulas themselves stay visible as
 * divergences: Keras's Adam adds epsilon to √v before bias correction
 * (tfjs after), and tfjs's Adadelta scales by the *previous* accumulated
 * gradient where Keras uses the updated one.
 */
export function translateOptimizer(name: OptimizerName, o: OptimizerOptions, epsilon: number): KerasOptimizer {
  const learning_rate = o.learningRate ?? 0.01;
  const eps = o.epsilon ?? epsilon;
  switch (name) {
    case 'sgd':
      return { class: 'SGD', config: { learning_rate, momentum: 0, nesterov: false } };
    case 'momentum':
      return { class: 'SGD', config: { learning_rate, momentum: o.momentum ?? 0.9, nesterov: false } };
    case 'adam':
      return {
        class: 'Adam',
        config: { learning_rate, beta_1: o.beta1 ?? 0.9, beta_2: o.beta2 ?? 0.999, epsilon: eps, amsgrad: false },
      };
    case 'adamax':
      return {
        class: 'Adamax',
        config: { learning_rate, beta_1: o.beta1 ?? 0.9, beta_2: o.beta2 ?? 0.999, epsilon: eps },
      };
    case 'rmsprop':
      return {
        class: 'RMSprop',
        config: {
          learning_rate,
          rho: o.decay ?? 0.9,
          momentum: o.momentum ?? 0.5,
          epsilon: eps,
          centered: o.centered ?? false,
        },
      };
    case 'adagrad':
      // tfjs's Adagrad always adds the backend's epsilon (it takes none).
      return {
        class: 'Adagrad',
        config: { learning_rate, initial_accumulator_value: o.initialAccumulatorValue ?? 0.1, epsilon },
      };
    case 'adadelta':
      return { class: 'Adadelta', config: { learning_rate, rho: o.rho ?? 0.95, epsilon: eps } };
  }
}
