// Live progress of an agent run, for the worker to publish: brain states, executed steps, refused dones.
import type { Action } from '../actions/action-schema.ts';
import type { ExecutedStep, RunFailure } from '../run/run-record.ts';

/**
 * Events are for display; the traversal to save is the outcome's (a step that fails part-way is split there
 * into two brain states, see traversal-recorder.ts, and only step_finished carries the final positions).
 */
export type AgentEvent =
  /** The model answered a step: its brain state and the actions it asked for (refs, secret placeholders). */
  | {
      type: 'brain_state';
      /** 1-based model step of this run. */
      stepNumber: number;
      /** Index of the brain state in the produced traversal. */
      brainStateIdx: number;
      evaluationPreviousGoal: string;
      memory: string;
      nextGoal: string;
      plannedActions: Action[];
    }
  /**
   * An action starts. `stepIdx` is the index its ExecutedStep will have; `brainStateIdx`/`actionIdx` are where
   * it goes if it passes (a failed action after passed ones moves to the next brain state).
   */
  | {
      type: 'step_started';
      stepIdx: number;
      brainStateIdx: number;
      actionIdx: number;
      /** The action as the model wrote it (a ref target, secret placeholders). */
      action: Action;
      caption: string;
      startedAt: string;
    }
  /** An action finished (passed or failed), with its screenshot. */
  | { type: 'step_finished'; step: ExecutedStep }
  /** `done(success: true)` was refused for lack of a passing assertion; the model is told why. */
  | { type: 'done_rejected'; stepNumber: number; reason: string; rejections: number }
  /** A step failed without an executed action to show it (an unusable reply, an invalid action, out of time). */
  | { type: 'step_failed'; stepNumber: number; reason: string }
  /** The loop ended. */
  | { type: 'run_finished'; status: 'passed' | 'failed'; failure: RunFailure | null };
