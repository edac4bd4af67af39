export type { AuthDeps } from './auth.deps.js';
export { type AuthModule, createAuthModule } from './auth.module.js';
export { authRoutes } from './auth.routes.js';
export { users } from './auth.table.js';
export { SESSION_COOKIE } from './sessions.service.js';
export { createThrottle, type Throttle, type ThrottleRule } from './throttle.js';
export { totpCodeAt } from './totp.js';
export { usersRoutes } from './users.routes.js';
