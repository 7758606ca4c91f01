// The letterhead and numbering settings through the API: read, change, logo upload and removal.
import { useQuery } from '@tanstack/react-query';
import { ApiError, api, type Problem, writeHeaders } from '../../app/api.ts';
import type { Letterhead, LetterheadPatch } from '../../../contract/letterhead.ts';
import type { Numbering, NumberingPatch } from '../../../contract/numbering.ts';

export type { Letterhead, LetterheadPatch };

export const useLetterhead = () =>
  useQuery({ queryKey: ['letterhead'], queryFn: () => api<Letterhead>('/letterhead') });
export const useNumbering = () => useQuery({ queryKey: ['numbering'], queryFn: () => api<Numbering>('/numbering') });

export const saveLetterhead = (patch: LetterheadPatch) =>
  api<Letterhead>('/letterhead', { method: 'PATCH', body: patch });
export const saveNumbering = (patch: NumberingPatch) => api<Numbering>('/numbering', { method: 'PATCH', body: patch });
export const removeLogo = () => api<Letterhead>('/letterhead/logo', { method: 'DELETE' });

/** Sends the image as the raw body with its own type; the server checks what it really is. */
export async function uploadLogo(file: File): Promise<Letterhead> {
  let response: Response;
  try {
    response = await fetch('/api/v1/letterhead/logo', {
      method: 'PUT',
      headers: {
        accept: 'application/json',
        'content-type': file.type || 'application/octet-stream',
        ...writeHeaders(),
      },
      credentials: 'same-origin',
      body: file,
    });
  } catch {
    throw new ApiError(0, null);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, (body as Problem | null) ?? { status: response.status });
  return body as Letterhead;
}

/** The logo's address; its hash makes a new logo a new address (no stale image from the cache). */
export const logoUrl = (letterhead: Letterhead) =>
  letterhead.logo ? `/api/v1/letterhead/logo?v=${letterhead.logo.sha256.slice(0, 12)}` : null;

export const previewUrl = (language: 'de' | 'en') => `/api/v1/letterhead/preview.pdf?language=${language}`;
