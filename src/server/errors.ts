import type { ErrorCode } from '../shared/errors.js';

/** An error with a stable code and HTTP status; the one error handler turns it into a response. */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super(400, 'VALIDATION_FAILED', message, details);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(code: 'UNAUTHENTICATED' | 'SESSION_EXPIRED' = 'UNAUTHENTICATED') {
    super(401, code, code === 'SESSION_EXPIRED' ? 'Your session has expired. Please sign in again.' : 'Sign-in required.');
  }
}
export class ForbiddenError extends AppError {
  constructor(action?: string) {
    super(403, 'FORBIDDEN', 'You are not allowed to do this.', action ? { action } : undefined);
  }
}
export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'NOT_FOUND', `${what} not found.`);
  }
}
export class ConflictError extends AppError {
  constructor(code: 'CONFLICT' | 'DUPLICATE_CODE' | 'DUPLICATE_EMAIL' | 'SETUP_ALREADY_DONE', message: string, details?: unknown) {
    super(409, code, message, details);
  }
}
export class SignInFailedError extends AppError {
  constructor() {
    super(401, 'SIGN_IN_FAILED', 'The email address or password is incorrect.');
  }
}
