// Opens the compose dialog on demand: its chunk (the rich-text editor) loads on the first
// "New email" or "Reply", not with the page.
import { lazy, Suspense } from 'react';
import type { ComposeRequest } from './useComposeDraft.ts';

const ComposeEmail = lazy(() => import('./ComposeEmail.tsx'));

export type { ComposeRequest };

/** The dialog while `request` is set; `onClose` clears it. */
export function ComposeLauncher({ request, onClose }: { request: ComposeRequest | null; onClose(): void }) {
  if (!request) return null;
  return (
    <Suspense fallback={null}>
      <ComposeEmail request={request} onClose={onClose} />
    </Suspense>
  );
}
