/**
 * The gateway's error model. Every failure a caller can act on is one of these classes; the GraphQL layer
 * returns them as typed result members (mutations) or as GraphQL errors with `extensions.code` (queries).
 * Anything else that is thrown is a bug or an outage and is masked.
 */
import type { Frequency, ProviderName, RecurrenceKind } from './model.js';

export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'UNSUPPORTED_RECURRENCE',
  'UNSUPPORTED_OPERATION',
  'INVALID_STATE',
  'IDEMPOTENCY_CONFLICT',
  'OUTSIDE_SENDING_WINDOW',
  'IDEMPOTENCY_IN_PROGRESS',
  'STORE_UNAVAILABLE',
  'PROVIDER_NOT_CONFIGURED',
  'UPSTREAM_UNAUTHORIZED',
  'UPSTREAM_FORBIDDEN',
  'UPSTREAM_RATE_LIMITED',
  'UPSTREAM_REJECTED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_BAD_RESPONSE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export abstract class GatewayError extends Error {
  abstract readonly code: ErrorCode;
  readonly provider: ProviderName | null;
  /** The provider's own error code, verbatim (`invalid_blast_percent`, `bad_data`, …), when it has one. */
  readonly providerCode: string | null;

  protected constructor(message: string, provider: ProviderName | null, providerCode: string | null) {
    super(message);
    this.name = new.target.name;
    this.provider = provider;
    this.providerCode = providerCode;
  }
}

export interface ValidationIssue {
  /** Path of the offending input field, e.g. `["target", "trackly", "variants", "1", "message"]`. */
  path: string[];
  message: string;
  providerCode: string | null;
  /** The provider's own path for the field, verbatim (Burki 422 `loc`, e.g. `body.recurring_config.interval`). */
  providerPath?: string[];
}

/** The one way an issue is built: a provider code only where the provider documents one. */
export function issue(path: readonly string[], message: string, providerCode: string | null = null): ValidationIssue {
  return { path: [...path], message, providerCode };
}

export class ValidationError extends GatewayError {
  readonly code = 'VALIDATION_FAILED' as const;
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[], provider: ProviderName | null) {
    const first = issues[0];
    if (!first) throw new TypeError('ValidationError needs at least one issue');
    super(first.message, provider, first.providerCode);
    this.issues = issues;
  }

  static single(path: string[], message: string, provider: ProviderName | null, providerCode: string | null = null): ValidationError {
    return new ValidationError([{ path, message, providerCode }], provider);
  }
}

export class NotFoundError extends GatewayError {
  readonly code = 'NOT_FOUND' as const;
  constructor(message: string, provider: ProviderName | null, providerCode: string | null = null) {
    super(message, provider, providerCode);
  }
}

export class UnsupportedRecurrenceError extends GatewayError {
  readonly code = 'UNSUPPORTED_RECURRENCE' as const;
  constructor(
    message: string,
    provider: ProviderName,
    readonly supportedKinds: RecurrenceKind[],
    readonly supportedFrequencies: Frequency[],
  ) {
    super(message, provider, null);
  }
}

export class UnsupportedOperationError extends GatewayError {
  readonly code = 'UNSUPPORTED_OPERATION' as const;
  constructor(
    message: string,
    provider: ProviderName,
    readonly operation: string,
  ) {
    super(message, provider, null);
  }
}

/** The schedule exists but is in a state that forbids the change (Trackly `schedule_complete`, …). */
export class InvalidStateError extends GatewayError {
  readonly code = 'INVALID_STATE' as const;
  constructor(message: string, provider: ProviderName, providerCode: string | null) {
    super(message, provider, providerCode);
  }
}

export class IdempotencyConflictError extends GatewayError {
  readonly code = 'IDEMPOTENCY_CONFLICT' as const;
  constructor(message: string) {
    super(message, null, null);
  }
}

/** The first request with this idempotency key is still running (on this or another instance). */
export class IdempotencyInProgressError extends GatewayError {
  readonly code = 'IDEMPOTENCY_IN_PROGRESS' as const;
  constructor(message: string) {
    super(message, null, null);
  }
}

/**
 * The gateway's own store (idempotency keys, registry) cannot be reached. A write that needs it is refused
 * before anything is sent: a create is never sent without its idempotency record.
 */
export class StoreUnavailableError extends GatewayError {
  readonly code = 'STORE_UNAVAILABLE' as const;
  constructor(message: string) {
    super(message, null, null);
  }
}

export type UpstreamErrorCode = Extract<ErrorCode, `UPSTREAM_${string}`>;

/** An upstream call failed in a way the caller cannot fix by changing the input. */
export class UpstreamError extends GatewayError {
  constructor(
    readonly code: UpstreamErrorCode,
    message: string,
    provider: ProviderName,
    providerCode: string | null,
    readonly httpStatus: number | null,
    /** The upstream's request id (Heymarket `X-Request-Id`), so support can trace the call. */
    readonly requestId: string | null,
    /** Seconds the upstream asked us to wait (429 `Retry-After`), when it said. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message, provider, providerCode);
  }
}

/** The provider has no credentials on this gateway (a live deployment never falls back to a sandbox). */
export class ProviderNotConfiguredError extends GatewayError {
  readonly code = 'PROVIDER_NOT_CONFIGURED' as const;
  constructor(provider: ProviderName, variable: string) {
    super(`${provider} is not configured on this gateway: set ${variable} to use it`, provider, null);
  }
}
