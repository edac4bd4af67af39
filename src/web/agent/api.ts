import { http } from '../ui/api-client';
import type {
  AcceptInvitationInput,
  ApiKey,
  ApiKeyScopes,
  ChangePasswordInput,
  CreateApiKeyInput,
  CreatedApiKey,
  Invitation,
  InviteUserInput,
  InviteUserResult,
  LoginInput,
  LoginResult,
  Me,
  Page,
  PasswordResetConfirmInput,
  PasswordResetRequestInput,
  SetupStatus,
  SignupInput,
  SignupResult,
  TenantUser,
  TotpEnableResult,
  TotpSetup,
  UpdateMeInput,
  UpdateUserInput,
} from '../ui/api-types';

const V1 = '/api/v1';
const seg = encodeURIComponent;

/** The staff app's calls to the Kesher API, one function per endpoint. */
export const agentApi = {
  setupStatus: () => http.get<SetupStatus>(`${V1}/setup/status`),
  signup: (input: SignupInput) => http.post<SignupResult>(`${V1}/signup`, input),

  login: (input: LoginInput) => http.post<LoginResult>(`${V1}/auth/login`, input),
  logout: () => http.post<void>(`${V1}/auth/logout`),
  requestPasswordReset: (input: PasswordResetRequestInput) =>
    http.post<void>(`${V1}/auth/password-reset/request`, input),
  confirmPasswordReset: (input: PasswordResetConfirmInput) =>
    http.post<void>(`${V1}/auth/password-reset/confirm`, input),
  getInvitation: (token: string) => http.get<Invitation>(`${V1}/auth/invitations/${seg(token)}`),
  acceptInvitation: (input: AcceptInvitationInput) =>
    http.post<LoginResult>(`${V1}/auth/invitations/accept`, input),

  me: () => http.get<Me>(`${V1}/me`),
  updateMe: (input: UpdateMeInput) => http.patch<unknown>(`${V1}/me`, input),
  changePassword: (input: ChangePasswordInput) => http.post<void>(`${V1}/me/password`, input),
  totpSetup: () => http.post<TotpSetup>(`${V1}/me/totp/setup`),
  totpEnable: (code: string) => http.post<TotpEnableResult>(`${V1}/me/totp/enable`, { code }),
  totpDisable: (password: string) => http.post<void>(`${V1}/me/totp/disable`, { password }),

  listUsers: (cursor?: string | null) => http.get<Page<TenantUser>>(`${V1}/users`, { query: { cursor } }),
  inviteUser: (input: InviteUserInput) => http.post<InviteUserResult>(`${V1}/users/invitations`, input),
  updateUser: (id: string, input: UpdateUserInput) => http.patch<unknown>(`${V1}/users/${seg(id)}`, input),

  listApiKeys: () => http.get<{ items: ApiKey[] }>(`${V1}/api-keys`),
  apiKeyScopes: () => http.get<ApiKeyScopes>(`${V1}/api-keys/scopes`),
  createApiKey: (input: CreateApiKeyInput) => http.post<CreatedApiKey>(`${V1}/api-keys`, input),
  revokeApiKey: (id: string) => http.delete(`${V1}/api-keys/${seg(id)}`),
};
