// The state of one executing action: time budget, cancellation, target resolution and what gets reported.
import type { Locator, Page } from 'playwright-core';
import type { BrowserSession } from '../browser/browser-session.ts';
import { captureFingerprint } from '../fingerprint/capture-fingerprint.ts';
import type { BoundingBox, ElementFingerprint } from '../fingerprint/element-fingerprint.ts';
import type { SecretValues } from '../secrets/secret-text.ts';
import { ActionError } from './action-errors.ts';
import type { Action, ActionTarget, AssertionType } from './action-schema.ts';
import { describeTarget, type FoundBy, type ResolveTarget } from './resolve-target.ts';

/** Expected versus actual of an assertion (or a wait); `actual` is redacted of secrets and never a password. */
export interface AssertionDetail {
  type: AssertionType | 'wait_for';
  expected: string;
  actual: string | null;
  passed: boolean;
}

/** What an action reports besides success; filled in as the action runs. */
export interface StepRecord {
  fingerprint: ElementFingerprint | null;
  boundingBox: BoundingBox | null;
  foundBy: FoundBy | null;
  score: number | null;
  resolveDetail: string | null;
  assertion: AssertionDetail | null;
  info: string | null;
  done: { success: boolean; outcome: string } | null;
  /** The last resolved element, so a timeout can be told apart (not found / ambiguous / not actionable). */
  locator: Locator | null;
  targetLabel: string | null;
}

export interface StepSettings {
  secrets: SecretValues;
  resolveTarget: ResolveTarget;
  uploadDir: string | undefined;
  captureFingerprint: boolean;
  signal: AbortSignal | undefined;
  baseUrl: string | undefined;
  navigationPolicy: ((url: URL) => string | null) | undefined;
}

/** How long to wait for the target before acting: visible for interactions, attached for file inputs etc. */
export type TargetWait = 'visible' | 'attached' | 'none';

const POLL_INTERVALS_MS = [0, 50, 100, 250, 500, 1_000];

export class ActionStep {
  readonly record: StepRecord = {
    fingerprint: null,
    boundingBox: null,
    foundBy: null,
    score: null,
    resolveDetail: null,
    assertion: null,
    info: null,
    done: null,
    locator: null,
    targetLabel: null,
  };

  /** The box the resolver measured for the last resolved target, if it did. */
  private resolvedBox: BoundingBox | null = null;

  constructor(
    readonly session: BrowserSession,
    readonly action: Action,
    readonly settings: StepSettings,
    readonly deadline: number,
  ) {}

  get page(): Page {
    return this.session.page;
  }

  get secrets(): SecretValues {
    return this.settings.secrets;
  }

  /** Milliseconds left; TIMEOUT when the budget is spent, CANCELLED when the signal fired. */
  remaining(): number {
    if (this.settings.signal?.aborted)
      throw new ActionError('CANCELLED', 'the action was cancelled');
    const left = this.deadline - Date.now();
    if (left <= 0)
      throw new ActionError('TIMEOUT', `the ${this.action.type} action ran out of time`);
    return left;
  }

  /** Options for a Playwright call: the remaining budget and the signal. */
  limits(): { timeout: number; signal?: AbortSignal } {
    const timeout = this.remaining();
    return this.settings.signal ? { timeout, signal: this.settings.signal } : { timeout };
  }

  /** Resolves a target to a Locator (no waiting); remembers how it was found. */
  async resolve(target: ActionTarget): Promise<Locator> {
    this.record.targetLabel = describeTarget(target);
    const resolved = await this.settings.resolveTarget(target, this.page, {
      action: this.action,
      signal: this.settings.signal,
      secrets: this.secrets,
    });
    this.record.locator = resolved.locator;
    this.record.foundBy = resolved.foundBy;
    this.record.score = resolved.score;
    this.record.resolveDetail = resolved.detail ?? null;
    this.resolvedBox = resolved.boundingBox ?? null;
    return resolved.locator;
  }

  /**
   * Resolves a target, waits for it (strict: several matches fail), and fingerprints it before anything
   * changes the page.
   */
  async element(target: ActionTarget, wait: TargetWait = 'visible'): Promise<Locator> {
    const locator = await this.resolve(target);
    // A resolver that just measured the element's box (replay's relocation) saw it rendered; the action's own
    // actionability checks (visible, enabled, stable) still run before it acts.
    if (wait !== 'none' && this.resolvedBox === null)
      await locator.waitFor({ state: wait, ...this.limits() });
    await this.describeElement(locator);
    return locator;
  }

  /** Fingerprint (or at least the box) of a resolved element that is attached. */
  async describeElement(locator: Locator, timeoutMs = this.remaining()): Promise<void> {
    if (this.settings.captureFingerprint) {
      this.record.fingerprint = await captureFingerprint(locator, {
        timeoutMs,
        secrets: this.secrets,
      });
      this.record.boundingBox = this.record.fingerprint.boundingBox;
    } else {
      this.record.boundingBox =
        this.resolvedBox ?? (await locator.boundingBox({ timeout: timeoutMs }));
    }
  }

  /** Sleeps between polls, waking early on cancellation. */
  async pause(ms: number): Promise<void> {
    const signal = this.settings.signal;
    if (ms <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /**
   * Re-checks until `check` passes or the deadline comes (the way Playwright's expect retries); returns the
   * last result either way. Used by assertions and waits, never as a fixed delay before acting.
   */
  async poll<T extends { passed: boolean }>(
    check: () => Promise<T>,
    deadline = this.deadline,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (this.settings.signal?.aborted)
        throw new ActionError('CANCELLED', 'the action was cancelled');
      const result = await check();
      const left = deadline - Date.now();
      if (result.passed || left <= 0) return result;
      await this.pause(
        Math.min(
          left,
          POLL_INTERVALS_MS[Math.min(attempt + 1, POLL_INTERVALS_MS.length - 1)] ?? 1_000,
        ),
      );
    }
  }
}
