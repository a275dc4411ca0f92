// Sets the browser tab's title for the page shown.
import { useEffect } from 'react';

export function useDocumentTitle(...parts: Array<string | null | undefined>): void {
  const title = [...parts.filter((part): part is string => Boolean(part)), 'Retrace'].join(' · ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
