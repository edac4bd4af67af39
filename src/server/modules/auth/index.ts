export type { AuthDeps } from './auth.deps.js';
export { type AuthModule, createAuthModule } from './auth.module.js';
export { authRoutes } from './auth.routes.js';
export { users } from './auth.table.js';
export {
  assertStrongPassword,
  consumeResetQuota,
  invalidCredentials,
  issueLinkToken,
  RESET_TTL_MS,
  tokenInvalid,
  tooManyAttempts,
} from './credential-rules.js';
export { makeScopedToken, parseScopedToken } from './scoped-token.js';
export {
  assertPasswordConfirms,
  assertTotpOff,
  checkSecondFactor,
  confirmTotpEnrolment,
  mfaRequired,
  type SecondFactorTables,
  startTotpEnrolment,
  tableSecondFactorStore,
} from './second-factor.js';
export { SESSION_COOKIE } from './sessions.service.js';
export {
  ACCOUNT_RULE,
  createThrottle,
  IP_RULE,
  SEND_RULE,
  type Throttle,
  type ThrottleRule,
} from './throttle.js';
export { totpCodeAt } from './totp.js';
export { usersRoutes } from './users.routes.js';
