// The form of an action stored in a traversal: placeholders kept, secret values turned back into placeholders.
import type { ElementFingerprint } from '../fingerprint/element-fingerprint.ts';
import type { SecretValues } from '../secrets/secret-text.ts';
import { redactSecretsEverywhere } from './redact-encoded-secrets.ts';
import type { Action, ActionTarget } from './action-schema.ts';

/**
 * What a traversal keeps of an executed action. A `{ ref }` target is only meaningful for one page
 * observation, so it is replaced by the element's recorded locator when a fingerprint was captured (the
 * fingerprint itself is stored beside the action as dom_element_data). Any secret value that reached the
 * action literally is turned back into its `<secret>name</secret>` placeholder.
 */
export function toRecordedAction(
  action: Action,
  fingerprint: ElementFingerprint | null,
  secrets: SecretValues,
): Action {
  const retarget = (target: ActionTarget): ActionTarget =>
    'ref' in target && fingerprint?.locator ? { locator: fingerprint.locator } : target;
  let recorded: Action = action;
  if ('target' in action && action.target)
    recorded = { ...action, target: retarget(action.target) } as Action;
  if (action.type === 'wait_for' && action.until.kind === 'element') {
    recorded = { ...action, until: { ...action.until, target: retarget(action.until.target) } };
  }
  return redactSecretsEverywhere(recorded, secrets);
}
