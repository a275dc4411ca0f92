// After a deletion: artifacts the store failed to remove are logged (by key) for a later cleanup.
import type { ReleasedArtifacts } from '@retrace/domain';
import type { ApiServices } from '../api-deps.ts';

export function reportUnreleasedArtifacts(
  services: ApiServices,
  released: ReleasedArtifacts,
): void {
  if (released.artifactsNotDeleted.length === 0) return;
  services.logger.warn('artifacts of deleted rows could not be removed from storage', {
    count: released.artifactsNotDeleted.length,
    keys: released.artifactsNotDeleted.slice(0, 20),
  });
}
