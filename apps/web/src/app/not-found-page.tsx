// Any URL the dashboard does not know.
import { Link } from 'react-router';
import { useDocumentTitle } from './use-document-title.ts';

export function NotFoundPage() {
  useDocumentTitle('Not found');
  return (
    <main className="centered-page">
      <div className="state state-error" role="alert">
        <strong>Page not found</strong>
        <p>There is no page at this address.</p>
        <Link className="button" to="/">
          Go home
        </Link>
      </div>
    </main>
  );
}
