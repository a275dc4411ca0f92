// The coloured state of a run or a step: passed green, failed red, running blue, queued grey.
import type { RunState } from '../api/api-types.ts';
import { RUN_STATE_LABEL } from '../lib/run-labels.ts';

export function StatusBadge({
  state,
  size = 'normal',
}: {
  state: RunState;
  size?: 'normal' | 'large';
}) {
  return (
    <span className={`status status-${state.toLowerCase()} status-${size}`} data-state={state}>
      <span className="status-dot" aria-hidden="true" />
      {RUN_STATE_LABEL[state]}
    </span>
  );
}

export function StepBadge({ state }: { state: 'PASSED' | 'FAILED' | 'RUNNING' }) {
  return <StatusBadge state={state} />;
}
