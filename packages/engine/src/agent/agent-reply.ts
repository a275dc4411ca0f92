// The structured reply the model gives at every agent step: its brain state and the actions to run next.
import { z } from 'zod';
import { agentActionSchema } from '../actions/agent-action-schema.ts';

/**
 * Every field is required and objects are closed, so the JSON schema satisfies OpenAI's strict structured
 * outputs (the LLM layer then asks for strict mode). Field names follow the data model's BrainState.
 */
export const agentReplySchema = z
  .object({
    evaluation_previous_goal: z
      .string()
      .describe(
        'did the previous goal succeed? Judge from the page state and the step results, and say why',
      ),
    memory: z
      .string()
      .describe(
        'facts to remember for later steps: progress so far, values seen, what is left to do',
      ),
    next_goal: z
      .string()
      .describe('what this step does, in one short sentence (shown as the caption of the step)'),
    actions: z
      .array(agentActionSchema)
      .describe('the actions to run now, in order; end with done when the test is finished'),
  })
  .strict();

export type AgentReply = z.infer<typeof agentReplySchema>;

/** The name the provider sees for the output (OpenAI's `response_format.json_schema.name`). */
export const AGENT_REPLY_SCHEMA_NAME = 'agent_step';
