// Demo data (placeholder until the generator lands): a workspace with its admin.
import crypto from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { createWorkspace } from '../workspaces/workspaces.service.ts';

export interface DemoResult { workspaceId: string; adminEmail: string; adminPassword: string; counts: Record<string, number> }

export async function seedDemoWorkspace(ctx: AppContext, options: { workspaceId?: string; contacts?: number }): Promise<DemoResult> {
  const adminEmail = `demo-${crypto.randomBytes(3).toString('hex')}@farley.example`;
  const adminPassword = crypto.randomBytes(9).toString('base64url');
  const { workspaceId } = options.workspaceId
    ? { workspaceId: options.workspaceId }
    : await createWorkspace(ctx, { name: 'Demo GmbH', adminEmail, adminPassword, adminName: 'Demo Admin' });
  return { workspaceId, adminEmail, adminPassword, counts: {} };
}
