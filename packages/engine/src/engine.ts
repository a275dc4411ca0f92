// Public surface of the engine: a pure library (no database, HTTP server or queue).
export * from './browser/browser-config.ts';
export * from './fingerprint/element-fingerprint.ts';
export * from './secrets/secret-text.ts';
export type * from './page-state/element-refs.ts';
export * from './relocation/relocation-weights.ts';
export {
  scoreCandidate,
  IDENTITY_FLOOR,
  IDENTITY_PENALTY,
  type CandidateScore,
  type PropertyScore,
} from './relocation/score-candidate.ts';
export * from './relocation/choose-candidate.ts';
export * from './relocation/fingerprint-agrees.ts';
export { describeRelocationChoice } from './relocation/explain-relocation.ts';
export {
  isVolatileId,
  isVolatileIdentifier,
  isStateClass,
} from './relocation/volatile-identifiers.ts';
export * from './llm/llm-error.ts';
export * from './llm/llm-config.ts';
export * from './llm/create-language-model.ts';
export * from './llm/generate-structured.ts';
export * from './llm/token-usage.ts';
export * from './llm/usage-meter.ts';
export * from './llm/model-prices.ts';
export * from './llm/compute-cost.ts';
export { DEFAULT_RETRY_POLICY, type RetryPolicy, type Sleep } from './llm/retry-delay.ts';
export {
  renderRunGif,
  composeRunGifFrames,
  RunGifError,
  RUN_GIF_DEFAULTS,
  type RunGifFrame,
  type RunGifOptions,
  type RunGifErrorCode,
  type ComposedRunGif,
} from './gif/run-gif.ts';
export { RUN_GIF_COLORS } from './gif/run-gif-overlay.ts';
export * from './run/run-record.ts';
export {
  openBrowserSession,
  withBrowserSession,
  DEFAULT_CONTEXT_ACTION_TIMEOUT_MS,
  DEFAULT_CONTEXT_NAVIGATION_TIMEOUT_MS,
  type BrowserSession,
  type OpenBrowserSessionOptions,
  type TabSelector,
} from './browser/browser-session.ts';
export {
  launchBrowser,
  CHROMIUM_LAUNCH_ARGS,
  DEFAULT_LAUNCH_TIMEOUT_MS,
  type LaunchBrowserOptions,
  type LaunchedBrowser,
  type RemoteBrowserEndpoint,
} from './browser/launch-browser.ts';
export {
  findChromiumExecutable,
  CHROMIUM_CANDIDATE_PATHS,
  HEADLESS_SHELL_CANDIDATE_PATHS,
  isHeadlessShell,
  type FindChromiumOptions,
} from './browser/find-chromium.ts';
export { BrowserError, isBrowserError, type BrowserErrorCode } from './browser/browser-errors.ts';
export { contextOptionsFor, type ContextDefaults } from './browser/context-options.ts';
export {
  waitForSettledPage,
  trackPageNetwork,
  DEFAULT_SETTLE_CAP_MS,
  type SettleOptions,
  type SettleResult,
} from './browser/settle-page.ts';
export {
  captureScreenshot,
  type Screenshot,
  type ScreenshotFormat,
  type ScreenshotOptions,
} from './browser/capture-screenshot.ts';
export { pageFunction } from './browser/page-function.ts';
export {
  captureFingerprint,
  collectCandidateFingerprints,
  DEFAULT_MAX_CANDIDATES,
  type CaptureFingerprintOptions,
  type CollectCandidatesOptions,
  type CandidateFingerprint,
  type CandidateSet,
} from './fingerprint/capture-fingerprint.ts';
export { parseLocator, LocatorSyntaxError } from './locators/parse-locator.ts';
export { formatLocator, quoteString } from './locators/format-locator.ts';
export { buildLocator } from './locators/build-locator.ts';
export type * from './locators/locator-ast.ts';
export * from './actions/action-schema.ts';
export {
  agentActionSchema,
  agentActionToAction,
  type AgentAction,
} from './actions/agent-action-schema.ts';
export { ActionError, ACTION_ERROR_CODES, type ActionErrorCode } from './actions/action-errors.ts';
export {
  executeAction,
  DEFAULT_ACTION_TIMEOUT_MS,
  DEFAULT_ASSERTION_TIMEOUT_MS,
  DEFAULT_WAIT_TIMEOUT_MS,
  type ActionContext,
  type ActionResult,
} from './actions/execute-action.ts';
export type { AssertionDetail } from './actions/action-step.ts';
export {
  createDefaultResolver,
  describeTarget,
  type FoundBy,
  type ResolvedTarget,
  type ResolveTarget,
  type ResolveTargetInfo,
} from './actions/resolve-target.ts';
export { toRecordedAction } from './actions/recorded-action.ts';
export { classifyActionError } from './actions/classify-error.ts';
export { urlMatches, globToRegExp } from './actions/url-match.ts';
export { redactSecretsEverywhere } from './actions/redact-encoded-secrets.ts';
export { runAgent, type AgentOutcome } from './agent/run-agent.ts';
export {
  AGENT_LIMIT_DEFAULTS,
  resolveLimits as resolveAgentLimits,
  type AgentLimits,
  type AgentLogEntry,
  type AgentLogLevel,
  type AgentModelOptions,
  type AgentRepairStart,
  type AgentTask,
  type BlockedRequestReport,
  type BlockedRequestSource,
  type RunAgentOptions,
} from './agent/agent-options.ts';
export type { AgentEvent } from './agent/agent-events.ts';
export { AgentError, type AgentErrorCode } from './agent/agent-error.ts';
export { agentReplySchema, AGENT_REPLY_SCHEMA_NAME, type AgentReply } from './agent/agent-reply.ts';
export { AGENT_SYSTEM_PROMPT, PROMPT_SECTIONS, readPromptSection } from './agent/agent-prompt.ts';
export {
  initialVerification,
  updateVerification,
  refuseUnverifiedDone,
  type VerificationState,
} from './agent/outcome-verification.ts';
export {
  runAgenticTest,
  resolveStartUrl,
  DEFAULT_START_NAVIGATION_TIMEOUT_MS,
  type AgenticTestSpec,
  type RunAgenticTestOptions,
} from './run/run-agentic.ts';
export {
  failureKindOfActionError,
  failureKindOfBrowserError,
  failureKindOfLlmError,
  failureKindOfObservationError,
  isFatalActionError,
} from './run/classify-run-failure.ts';
export { findFrameByPath } from './fingerprint/frame-chain.ts';
export {
  observePage,
  PageObservationError,
  DEFAULT_TOKEN_BUDGET,
  DEFAULT_MAX_SCREENS,
  type ObservePageOptions,
  type PageObservation,
  type PageScreenshot,
  type ScrollInfo,
  type TabInfo,
} from './page-state/observe-page.ts';
export type { ObservedElement } from './page-state/observed-element.ts';
export type { PageChanges, ElementChange } from './page-state/page-changes.ts';
export { estimateTokens, type CountTokens } from './page-state/token-count.ts';
export {
  installDomainGuard,
  type BlockedKind,
  type BlockedRequest,
  type DomainGuard,
  type DomainGuardOptions,
} from './guard/domain-guard.ts';
export {
  buildAllowedHosts,
  checkNavigationUrl,
  compileHostAllowlist,
  parseHostPattern,
  trimUrlForReport,
  InvalidHostPatternError,
  type HostAllowlist,
  type HostPattern,
  type NavigationCheck,
  type NavigationRefusal,
} from './guard/host-patterns.ts';
export {
  startGuardProxy,
  type GuardProxy,
  type GuardProxyOptions,
  type RefusedConnection,
} from './guard/guard-proxy.ts';
export {
  relocateElement,
  relocationError,
  DEFAULT_RELOCATION_WAIT_MS,
  type RelocateElementOptions,
  type RelocationResult,
  type ElementFound,
  type ElementRefused,
} from './replay/relocate-element.ts';
export { createReplayResolver, type ReplayResolverOptions } from './replay/replay-resolver.ts';
export { replayTraversal, replayableBrainStates } from './replay/replay-traversal.ts';
export {
  REPLAY_SETTING_DEFAULTS,
  DEFAULT_REPLAY_TIMEOUT_MS,
  resolveReplaySettings,
  type ReplaySettings,
  type ReplayRepairOptions,
  type ReplayTraversalOptions,
  type RepairPolicy,
  type RunEvent,
} from './replay/replay-options.ts';
export { ReplayError, type ReplayErrorCode } from './replay/replay-error.ts';
export { REVERIFY_GOAL } from './replay/repair-replay.ts';
export {
  parseStepsFile,
  validateStepsFile,
  type StepsFile,
  type StepsFileStep,
} from './steps/parse-steps-file.ts';
export type { PlannedAction } from './steps/steps-to-actions.ts';
export {
  recordTraversalFromSteps,
  isStepFailure,
  type RecordTraversalFromStepsOptions,
} from './steps/record-traversal-from-steps.ts';
export {
  StepsFileError,
  formatIssue as formatStepsFileIssue,
  type StepsFileErrorCode,
  type StepsFileIssue,
} from './steps/steps-file-error.ts';
export { runReplayTest, type RunReplayTestOptions } from './run/run-replay.ts';
export {
  runTest,
  chooseRunType,
  type RunMode,
  type RunType,
  type RunTestOptions,
  type RunTestOutcome,
} from './run/run-test.ts';
export { renderOutcomeGif, gifFramesOf } from './run/render-outcome-gif.ts';
