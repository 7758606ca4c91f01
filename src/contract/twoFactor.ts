// Two-factor sign-in: the user's own TOTP setup and recovery codes, the second step of
// signing in, the workspace's rule of who must use it, and the sign-in throttle.
import { z } from 'zod';

/** A code from the authenticator app (6 digits) or a recovery code (groups of letters and digits). */
export const secondFactorCode = z.string().trim().min(1, { message: 'must not be empty' }).max(64);

export const secondFactorInput = z.object({ code: secondFactorCode }).strict().meta({ id: 'SecondFactorInput' });

/** What signing in answers when the password was right and a second factor is needed. */
export const secondFactorNeeded = z
  .object({
    secondFactorRequired: z.literal(true),
    /** Until when the code may be sent (POST /auth/login/second-factor), with the cookie set now. */
    expiresAt: z.string(),
  })
  .meta({ id: 'SecondFactorNeeded' });

export const twoFactorRequirement = z.enum(['nobody', 'admins', 'everyone']);
export type TwoFactorRequirement = z.infer<typeof twoFactorRequirement>;

export const twoFactorStatus = z
  .object({
    enabled: z.boolean(),
    enabledAt: z.string().nullable(),
    /** Recovery codes not used yet. */
    recoveryCodesLeft: z.number().int(),
    /** Whether the workspace's rule asks this user for a second factor. */
    required: z.boolean(),
  })
  .meta({ id: 'TwoFactorStatus' });

export const twoFactorSetup = z
  .object({
    /** Base32, for typing into an app that cannot scan. */
    secret: z.string(),
    /** otpauth://totp/… as the QR code holds it. */
    otpauthUri: z.string(),
    /** The QR code as an SVG data: URL. */
    qrCode: z.string(),
  })
  .meta({ id: 'TwoFactorSetup' });

export const recoveryCodes = z
  .object({ recoveryCodes: z.array(z.string()).describe('Shown this once; each signs in once.') })
  .meta({ id: 'RecoveryCodes' });

/** A current password or a code (authenticator or recovery): what turning it off or new codes need. */
export const twoFactorProof = z
  .object({
    password: z.string().min(1).max(200).optional(),
    code: secondFactorCode.optional(),
  })
  .strict()
  .meta({ id: 'TwoFactorProof' });

export const twoFactorRule = z.object({ requiredFor: twoFactorRequirement }).strict().meta({ id: 'TwoFactorRule' });

export const signInThrottle = z
  .object({
    /** Failed sign-ins for your email within the last 24 hours. */
    failures: z.number().int(),
    /** Seconds a sign-in from a browser you have not used before must wait now (0: none). */
    retryAfterSeconds: z.number().int(),
  })
  .meta({ id: 'SignInThrottle' });
