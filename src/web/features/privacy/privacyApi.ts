// The privacy tools through the API: erasure, legal holds, the blocking list, retention rules
// with preview and runs, and the record of processing activities.
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../app/api.ts';
import type {
  blockedValue,
  ErasureMode,
  ErasureReport,
  legalHold,
  processingRecord,
  retentionPreview,
  RetentionRule,
  RetentionRuleInput,
  retentionRun,
} from '../../../contract/privacy.ts';

export type LegalHold = z.infer<typeof legalHold>;
export type BlockedValue = z.infer<typeof blockedValue>;
export type RetentionPreview = z.infer<typeof retentionPreview>;
export type RetentionRun = z.infer<typeof retentionRun>;
export type ProcessingRecord = z.infer<typeof processingRecord>;
export type { ErasureMode, ErasureReport, RetentionRule, RetentionRuleInput };

export const privacyKeys = {
  holds: (type: string, id: string) => ['legal-holds', type, id] as const,
  blocked: (value: string) => ['blocked-values', value] as const,
  rules: ['retention-rules'] as const,
  runs: ['retention-runs'] as const,
  record: ['processing-record'] as const,
};

export const useLegalHold = (type: 'contact' | 'company' | 'deal', id: string) =>
  useQuery({
    queryKey: privacyKeys.holds(type, id),
    queryFn: async () =>
      (await api<{ data: LegalHold[] }>('/legal-holds', { query: { recordType: type, recordId: id } })).data[0] ?? null,
  });
export const setLegalHold = (type: string, id: string, reason: string) =>
  api<LegalHold>(`/legal-holds/${type}/${id}`, { method: 'PUT', body: { reason } });
export const liftLegalHold = (type: string, id: string) =>
  api<void>(`/legal-holds/${type}/${id}`, { method: 'DELETE' });

export const eraseContact = (id: string, mode: ErasureMode) =>
  api<ErasureReport>(`/contacts/${id}/erasure`, { method: 'POST', body: { mode } });

export const useBlocked = (value: string) =>
  useQuery({
    queryKey: privacyKeys.blocked(value),
    queryFn: async () => (await api<{ data: BlockedValue[] }>('/blocked-values', { query: { value } })).data,
  });
export const unblock = (id: string) => api<void>(`/blocked-values/${id}`, { method: 'DELETE' });

export const useRetentionRules = () =>
  useQuery({
    queryKey: privacyKeys.rules,
    queryFn: async () => (await api<{ data: RetentionRule[] }>('/retention-rules')).data,
  });
export const addRetentionRule = (rule: RetentionRuleInput) =>
  api<RetentionRule>('/retention-rules', { method: 'POST', body: rule });
export const changeRetentionRule = (id: string, rule: RetentionRuleInput) =>
  api<RetentionRule>(`/retention-rules/${id}`, { method: 'PUT', body: rule });
export const removeRetentionRule = (id: string) => api<void>(`/retention-rules/${id}`, { method: 'DELETE' });
export const previewRule = (rule: RetentionRuleInput) =>
  api<RetentionPreview>('/retention-rules/preview', { method: 'POST', body: rule });
export const previewStoredRule = (id: string) => api<RetentionPreview>(`/retention-rules/${id}/preview`);

/** The last runs; while one is under way (no end yet), read again every few seconds. */
export const useRetentionRuns = () =>
  useQuery({
    queryKey: privacyKeys.runs,
    queryFn: async () => (await api<{ data: RetentionRun[] }>('/retention-runs')).data,
    refetchInterval: (query) => (query.state.data?.some((run) => run.finishedAt === null) ? 3_000 : false),
  });
export const runRetentionNow = () => api<RetentionRun>('/retention-runs', { method: 'POST' });

export const useProcessingRecord = () =>
  useQuery({ queryKey: privacyKeys.record, queryFn: () => api<ProcessingRecord>('/processing-record') });
export const saveProcessingRecord = (document: string) =>
  api<ProcessingRecord>('/processing-record', { method: 'PUT', body: { document } });
export const processingRecordExportUrl = '/api/v1/processing-record/export';
