// Test support of the engine (`@retrace/engine/testing`): fake LLM providers on loopback, scripted mock models,
// the test browser and one-brain-state traversals.
export * from './llm/testing/fake-llm-server.ts';
export {
  FAKE_LLM_PATHS,
  type FakeLlmProvider,
  type FakeUsage,
  requestText,
  structuredOutputOf,
  type StructuredOutputRequest,
} from './llm/testing/fake-llm-wire.ts';
export * from './llm/testing/mock-language-model.ts';
export * from './agent/testing/scripted-agent.ts';
export { FULL_CHROMIUM_PATH, TEST_CHROMIUM_PATH } from './browser/test-helpers.ts';
export { oneStateTraversal } from './replay/testing/one-state-traversal.ts';
