import { z } from 'zod';
import type { ModelSpec } from './types';

/**
 * Ids become tfjs layer names on both sides, so they must satisfy tfjs's
 * name rules; one namespace for inputs, layers and nodes keeps names unique
 * inside the functional model.
 */
const id = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must start with a letter and use only letters, digits and _');
const dim = z.number().int().positive();

/** zod schema of a {@link ModelSpec}; layer configs are checked later by their catalogue entry. */
export const modelSpecSchema = z
  .object({
    version: z.literal(1),
    name: z.string().min(1),
    description: z.string().optional(),
    subclassHolding: z.enum(['map', 'array', 'object']).optional(),
    inputs: z
      .array(
        z
          .object({
            id,
            shape: z.array(dim.nullable()).min(1),
            dtype: z.enum(['float32', 'int32']).optional(),
            maxValue: z.number().int().positive().optional(),
            batchSize: z.number().int().positive().optional(),
          })
          .strict(),
      )
      .min(1),
    layers: z.array(
      z
        .object({
          id,
          kind: z.string(),
          config: z.record(z.string(), z.unknown()).optional(),
          trainable: z.boolean().optional(),
          trainableSchedule: z
            .array(z.object({ beforeStep: z.number().int().min(2), trainable: z.boolean() }).strict())
            .min(1)
            .optional(),
        })
        .strict(),
    ),
    nodes: z.array(z.object({ id, layer: z.string(), inputs: z.array(z.string()).min(1) }).strict()),
    outputs: z.array(z.string()).min(1),
  })
  .strict() satisfies z.ZodType<ModelSpec>;
