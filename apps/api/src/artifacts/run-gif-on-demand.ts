// Renders a run's GIF the first time it is requested, when the worker left it for later (a passed run).
import { Readable } from 'node:stream';
import { type DomainDeps, findRunLocation, getRunDetail, systemActor } from '@retrace/domain';
import { type RunGifFrame, renderRunGif } from '@retrace/engine';
import type { StoredArtifact } from '@retrace/storage';
import type { ArtifactReader } from '../api-deps.ts';

/** `runs/<runId>/run.gif`, as the worker names a run's GIF (run ids are lowercase cuid2). */
const RUN_GIF_KEY = /^runs\/([a-z0-9]{1,64})\/run\.gif$/;
const FINISHED = new Set(['PASSED', 'FAILED']);
/** The API reads across organizations only here, and only for a key the signed URL already authorized. */
const LOOKUP_ACTOR = systemActor('retrace-api');

export interface RunGifOnDemand {
  /**
   * The GIF of the run this key names, rendered from its stored screenshots and stored under the key (when
   * the store can write), or null when the key is not a run GIF the run's record points to.
   */
  render(key: string): Promise<StoredArtifact | null>;
  /** Renders finished since start (for tests and metrics). */
  readonly rendered: number;
}

async function readAll(artifact: StoredArtifact): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of artifact.body as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function framesOf(
  domain: DomainDeps,
  artifacts: ArtifactReader,
  key: string,
  runId: string,
): Promise<RunGifFrame[] | null> {
  const location = await findRunLocation(domain, LOOKUP_ACTOR, { runId });
  if (location === null) return null;
  const detail = await getRunDetail(domain, systemActor(location.organizationId), { runId });
  if (detail.run.runGif !== key || !FINISHED.has(detail.run.state)) return null;
  const frames: RunGifFrame[] = [];
  for (const element of detail.history) {
    if (element.screenshot === null) continue;
    const shot = await artifacts.get(element.screenshot);
    if (shot === null) continue; // deleted meanwhile: the GIF shows the steps that remain
    frames.push({
      image: await readAll(shot),
      ...(element.elementBox ? { box: element.elementBox } : {}),
      caption: element.caption ?? element.stepGoal ?? '',
      status: element.historyElementState === 'FAILED' ? 'failed' : 'passed',
    });
  }
  return frames.length > 0 ? frames : null;
}

export function createRunGifOnDemand(
  domain: DomainDeps,
  artifacts: ArtifactReader,
): RunGifOnDemand {
  /** One render per key at a time: a page that shows the GIF twice, or two viewers, wait for the same one. */
  const inFlight = new Map<string, Promise<Uint8Array | null>>();
  let rendered = 0;

  const renderOnce = async (key: string): Promise<Uint8Array | null> => {
    const runId = RUN_GIF_KEY.exec(key)?.[1];
    if (runId === undefined) return null;
    const frames = await framesOf(domain, artifacts, key, runId);
    if (frames === null) return null;
    const gif = await renderRunGif(frames);
    rendered++;
    if (artifacts.put) {
      await artifacts.put(key, gif, { contentType: 'image/gif' });
      // A run deleted while its GIF was drawn took its artifacts with it: this one must not outlive it.
      if ((await findRunLocation(domain, LOOKUP_ACTOR, { runId })) === null) {
        await artifacts.delete?.(key);
        return null;
      }
    }
    return gif;
  };

  return {
    get rendered() {
      return rendered;
    },
    async render(key) {
      let pending = inFlight.get(key);
      if (!pending) {
        pending = renderOnce(key).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      const gif = await pending;
      if (gif === null) return null;
      return {
        body: Readable.from([Buffer.from(gif.buffer, gif.byteOffset, gif.byteLength)]),
        contentType: 'image/gif',
        size: gif.byteLength,
      };
    },
  };
}
