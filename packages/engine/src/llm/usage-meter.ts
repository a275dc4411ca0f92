// Accumulates token usage per model across a run, failed attempts included, for the run's Cost row.
import { addTokenUsage, type TokenUsage, ZERO_USAGE } from './token-usage.ts';

/** Which model a usage belongs to: the AI SDK provider id (`openai.chat`) and model id. */
export interface ModelRef {
  provider: string;
  modelId: string;
}

export interface ModelUsage extends ModelRef, TokenUsage {
  /** Model calls recorded, whatever their outcome. */
  calls: number;
}

export interface UsageMeter {
  record(model: ModelRef, usage: TokenUsage): void;
  /** One entry per model, in order of first use. */
  byModel(): ModelUsage[];
  total(): TokenUsage;
}

export function createUsageMeter(): UsageMeter {
  const entries = new Map<string, ModelUsage>();
  return {
    record(model, usage) {
      const key = `${model.provider}\u0000${model.modelId}`;
      const previous = entries.get(key) ?? {
        provider: model.provider,
        modelId: model.modelId,
        calls: 0,
        ...ZERO_USAGE,
      };
      entries.set(key, {
        ...previous,
        ...addTokenUsage(previous, usage),
        calls: previous.calls + 1,
      });
    },
    byModel() {
      return [...entries.values()].map((entry) => ({ ...entry }));
    },
    total() {
      let sum: TokenUsage = { ...ZERO_USAGE };
      for (const entry of entries.values()) sum = addTokenUsage(sum, entry);
      return sum;
    },
  };
}

export function isUsageMeter(value: unknown): value is UsageMeter {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Partial<UsageMeter>).record === 'function' &&
    typeof (value as Partial<UsageMeter>).byModel === 'function'
  );
}
