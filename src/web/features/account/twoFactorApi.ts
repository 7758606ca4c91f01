// Two-factor sign-in, its workspace rule and the sign-in throttle through the API.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  recoveryCodes,
  signInThrottle,
  twoFactorProof,
  twoFactorRule,
  twoFactorSetup,
  twoFactorStatus,
} from '../../../contract/twoFactor.ts';
import { api } from '../../app/api.ts';

export type TwoFactorStatus = z.infer<typeof twoFactorStatus>;
export type TwoFactorSetup = z.infer<typeof twoFactorSetup>;
export type RecoveryCodes = z.infer<typeof recoveryCodes>;
export type TwoFactorProof = z.infer<typeof twoFactorProof>;
export type TwoFactorRule = z.infer<typeof twoFactorRule>;
export type SignInThrottle = z.infer<typeof signInThrottle>;

const key = ['twoFactor'] as const;

export function useTwoFactorStatus() {
  return useQuery({
    queryKey: [...key, 'status'],
    queryFn: ({ signal }) => api<TwoFactorStatus>('/auth/two-factor', { signal }),
  });
}

export function useStartSetup() {
  return useMutation({
    mutationFn: () => api<TwoFactorSetup>('/auth/two-factor/setup', { method: 'POST' }),
  });
}

export function useConfirmSetup() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api<RecoveryCodes>('/auth/two-factor/confirm', { method: 'POST', body: { code } }),
    onSuccess: () => client.invalidateQueries({ queryKey: [...key, 'status'] }),
  });
}

export function useTurnOff() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (proof: TwoFactorProof) => api<void>('/auth/two-factor/disable', { method: 'POST', body: proof }),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
}

export function useNewRecoveryCodes() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (proof: TwoFactorProof) =>
      api<RecoveryCodes>('/auth/two-factor/recovery-codes', { method: 'POST', body: proof }),
    onSuccess: () => client.invalidateQueries({ queryKey: [...key, 'status'] }),
  });
}

export function useTwoFactorRule() {
  return useQuery({
    queryKey: [...key, 'rule'],
    queryFn: ({ signal }) => api<TwoFactorRule>('/auth/two-factor/rule', { signal }),
  });
}

export function useChangeTwoFactorRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (rule: TwoFactorRule) => api<TwoFactorRule>('/auth/two-factor/rule', { method: 'PUT', body: rule }),
    onSuccess: (rule) => {
      client.setQueryData([...key, 'rule'], rule);
      void client.invalidateQueries({ queryKey: [...key, 'status'] });
    },
  });
}

export function useSignInThrottle() {
  return useQuery({
    queryKey: [...key, 'throttle'],
    queryFn: ({ signal }) => api<SignInThrottle>('/auth/throttle', { signal }),
  });
}

export function useClearSignInThrottle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/auth/throttle', { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: [...key, 'throttle'] }),
  });
}
