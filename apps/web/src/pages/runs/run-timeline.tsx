// The run's timeline: each executed action with its screenshot, verdict, how its element was found and timing.
import type { HistoryElement } from '../../api/api-types.ts';
import { describeAction, isAssertion, targetOf } from '../../lib/describe-action.ts';
import { formatDuration } from '../../lib/format.ts';
import { describeLocateMethod } from '../../lib/run-labels.ts';
import { StatusBadge } from '../../ui/status-badge.tsx';
import type { LiveStep } from './live-run.ts';
import { ScreenshotView } from './screenshot-view.tsx';

export function HistoryTimeline({ history }: { history: HistoryElement[] }) {
  return (
    <ol className="timeline" aria-label="Executed actions">
      {history.map((element) => {
        const action = element.action.action;
        const target = targetOf(action);
        const label = `step ${element.idx + 1}: ${element.stepGoal || describeAction(action)}`;
        return (
          <li
            key={element.id}
            className={`timeline-item timeline-${element.state.toLowerCase()}`}
            data-state={element.state}
          >
            <div className="timeline-marker" aria-hidden="true">
              {element.idx + 1}
            </div>
            <div className="timeline-body">
              <div className="timeline-head">
                <StatusBadge state={element.state} />
                <strong className="timeline-goal">{element.stepGoal || 'Step'}</strong>
                <span className="muted small num">{formatDuration(element.durationMs)}</span>
              </div>
              <p className="timeline-action">
                {isAssertion(action) && <span className="badge badge-info">check</span>}
                {describeAction(action)}
              </p>
              {target && (
                <p>
                  <code className="locator">{target}</code>
                </p>
              )}
              <p className={`small locate locate-${element.locateMethod}`}>
                {describeLocateMethod(element.locateMethod, element.healScore)}
              </p>
              {element.error && (
                <p className="timeline-error" role="note">
                  {element.error}
                </p>
              )}
            </div>
            <ScreenshotView url={element.screenshotUrl} box={element.elementBox} label={label} />
          </li>
        );
      })}
    </ol>
  );
}

/** While the run goes on, the steps its events reported (their details arrive when it ends). */
export function LiveTimeline({ steps }: { steps: LiveStep[] }) {
  return (
    <ol className="timeline" aria-label="Actions so far">
      {steps.map((step) => {
        const label = `step ${step.stepIdx + 1}${step.goal ? `: ${step.goal}` : ''}`;
        const state =
          step.status === 'running' ? 'RUNNING' : step.status === 'passed' ? 'PASSED' : 'FAILED';
        return (
          <li
            key={step.stepIdx}
            className={`timeline-item timeline-${state.toLowerCase()}`}
            data-state={state}
          >
            <div className="timeline-marker" aria-hidden="true">
              {step.stepIdx + 1}
            </div>
            <div className="timeline-body">
              <div className="timeline-head">
                <StatusBadge state={state} />
                <strong className="timeline-goal">{step.goal ?? 'Step'}</strong>
                <span className="muted small num">{formatDuration(step.durationMs)}</span>
              </div>
            </div>
            <ScreenshotView url={step.screenshotUrl} box={null} label={label} />
          </li>
        );
      })}
    </ol>
  );
}
