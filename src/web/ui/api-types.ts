// Wire types of the Kesher HTTP API, derived from the zod schemas in src/shared (types only: no zod
// in the bundle). Request bodies use the schemas' input side, responses their output side.
import type { z } from 'zod';
import type {
  TMe,
  TUser,
  ZAcceptInvite,
  ZApiKey,
  ZChangePassword,
  ZCreateApiKey,
  ZCreatedApiKey,
  ZInvitationInfo,
  ZInviteBody,
  ZInviteResult,
  ZLoginBody,
  ZRecoveryCodes,
  ZResetConfirm,
  ZResetRequest,
  ZSetupStatus,
  ZSignupBody,
  ZSignupResult,
  ZTotpSetup,
  ZUpdateMe,
  ZUpdateUser,
  ZUserListItem,
} from '../../shared/auth.schemas';
import type { ErrorCode, TFieldError, TProblem } from '../../shared/errors';
import type { Permission, Role } from '../../shared/permissions';

export type { ErrorCode, Permission, Role };
export const ROLES: readonly Role[] = ['owner', 'admin', 'manager', 'agent'];

export type FieldProblem = TFieldError;
/** RFC 9457 problem details with Kesher's `code`; every field optional, as a proxy may answer instead. */
export type Problem = Partial<TProblem>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// Setup, sign-up and sign-in
export type SetupStatus = z.output<typeof ZSetupStatus>;
export type SignupInput = z.input<typeof ZSignupBody>;
export type SignupResult = z.output<typeof ZSignupResult>;
export type LoginInput = z.input<typeof ZLoginBody>;
export type LoginResult = { user: SessionUser };
export type PasswordResetRequestInput = z.input<typeof ZResetRequest>;
export type PasswordResetConfirmInput = z.input<typeof ZResetConfirm>;
export type Invitation = z.output<typeof ZInvitationInfo>;
export type AcceptInvitationInput = z.input<typeof ZAcceptInvite>;

// The signed-in user
export type SessionUser = TUser;
export type Me = TMe;
export type UpdateMeInput = z.input<typeof ZUpdateMe>;
export type ChangePasswordInput = z.input<typeof ZChangePassword>;
export type TotpSetup = z.output<typeof ZTotpSetup>;
export type TotpEnableResult = z.output<typeof ZRecoveryCodes>;

// Users
export type TenantUser = z.output<typeof ZUserListItem>;
export type UserStatus = TenantUser['status'];
export type InviteUserInput = z.input<typeof ZInviteBody>;
export type InviteUserResult = z.output<typeof ZInviteResult>;
export type UpdateUserInput = z.input<typeof ZUpdateUser>;

// API keys
export type ApiKey = z.output<typeof ZApiKey>;
export type ApiKeyScopes = { scopes: string[] };
export type CreateApiKeyInput = z.input<typeof ZCreateApiKey>;
export type CreatedApiKey = z.output<typeof ZCreatedApiKey>;
