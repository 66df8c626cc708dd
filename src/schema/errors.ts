/**
 * The error model's GraphQL face: `interface Error` and one object per error class. Mutations list these
 * in their result unions (via the errors plugin); queries surface the same classes as GraphQL errors with
 * `extensions.code` (see `server.ts`'s error masking).
 */
import {
  type GatewayError,
  IdempotencyConflictError,
  IdempotencyInProgressError,
  InvalidStateError,
  NotFoundError,
  ProviderNotConfiguredError,
  StoreUnavailableError,
  UnsupportedOperationError,
  UnsupportedRecurrenceError,
  UpstreamError,
  ValidationError,
  type ValidationIssue,
} from '../core/errors.js';
import { builder } from './builder.js';
import { ErrorCodeEnum, FrequencyEnum, ProviderEnum, RecurrenceKindEnum } from './enums.js';

export const ErrorInterface = builder.interfaceRef<GatewayError>('Error').implement({
  description: 'Something the caller can act on. Every error member of a mutation result implements this.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'A sentence a front end can show as it is.' }),
    code: t.field({ type: ErrorCodeEnum, description: 'What kind of error this is.', resolve: (error) => error.code }),
    provider: t.field({
      type: ProviderEnum,
      nullable: true,
      description: "The provider whose rule or answer this is; null for the gateway's own rules.",
      resolve: (error) => error.provider,
    }),
    providerCode: t.string({
      nullable: true,
      description: "The provider's own error code, verbatim (`invalid_blast_percent`, `schedule_complete`, …), when it has one.",
      resolve: (error) => error.providerCode,
    }),
  }),
});

const errorFields = { interfaces: [ErrorInterface] };

const ValidationIssueRef = builder.objectRef<ValidationIssue>('ValidationIssue').implement({
  description: 'One broken rule, pointing at the input field that breaks it.',
  fields: (t) => ({
    field: t.string({
      description: "Dot path of the input field, from the mutation's `input` (e.g. `recurrence.weekly.time`).",
      resolve: (i) => i.path.join('.'),
    }),
    path: t.stringList({ description: 'The same path as a list of segments.', resolve: (i) => i.path }),
    message: t.exposeString('message', { description: 'What is wrong, as a sentence.' }),
    providerCode: t.string({
      nullable: true,
      description: "The provider's code for this rule, verbatim, when the provider documents one.",
      resolve: (i) => i.providerCode,
    }),
    providerField: t.string({
      nullable: true,
      description: "The provider's own dot path for the field when it named one (e.g. a 422 answer's `loc`: `body.recurring_config.interval`).",
      resolve: (i) => i.providerPath?.join('.') ?? null,
    }),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input breaks one or more rules; nothing was sent to the provider. The first issue is the one the provider itself would have reported.',
  ...errorFields,
  fields: (t) => ({
    field: t.string({ nullable: true, description: 'Dot path of the first offending input field.', resolve: (e) => e.issues[0]?.path.join('.') ?? null }),
    issues: t.field({ type: [ValidationIssueRef], description: 'Every broken rule found.', resolve: (e) => e.issues }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'No schedule with that id exists at its provider.',
  ...errorFields,
  fields: () => ({}),
});

builder.objectType(UnsupportedRecurrenceError, {
  name: 'UnsupportedRecurrenceError',
  description: 'The provider cannot express this recurrence, and the gateway never approximates one. Lists what the provider does accept.',
  ...errorFields,
  fields: (t) => ({
    supportedKinds: t.field({ type: [RecurrenceKindEnum], description: 'Recurrence kinds the provider accepts.', resolve: (e) => e.supportedKinds }),
    supportedFrequencies: t.field({
      type: [FrequencyEnum],
      description: 'Frequencies the provider accepts inside an `interval` recurrence.',
      resolve: (e) => e.supportedFrequencies,
    }),
  }),
});

builder.objectType(UnsupportedOperationError, {
  name: 'UnsupportedOperationError',
  description: 'The provider has no way to do this (e.g. pausing at a provider that cannot pause; `providers` says what each can do).',
  ...errorFields,
  fields: (t) => ({ operation: t.exposeString('operation', { description: 'The operation that was refused.' }) }),
});

builder.objectType(InvalidStateError, {
  name: 'InvalidStateError',
  description: 'The schedule is in a state that forbids this change (e.g. a completed schedule).',
  ...errorFields,
  fields: () => ({}),
});

builder.objectType(IdempotencyConflictError, {
  name: 'IdempotencyConflictError',
  description: 'The idempotency key was already used for a different input.',
  ...errorFields,
  fields: () => ({}),
});

builder.objectType(IdempotencyInProgressError, {
  name: 'IdempotencyInProgressError',
  description:
    'The first request with this idempotency key is still running (on this or another gateway instance) and did not finish while this request could wait. Nothing more was sent; retry with the same key to get its outcome.',
  ...errorFields,
  fields: () => ({}),
});

builder.objectType(StoreUnavailableError, {
  name: 'StoreUnavailableError',
  description:
    "The gateway's own store (idempotency keys, schedule registry) cannot be reached, so the write was refused before anything was sent. Retry later.",
  ...errorFields,
  fields: () => ({}),
});

builder.objectType(ProviderNotConfiguredError, {
  name: 'ProviderNotConfiguredError',
  description: 'This gateway has no credentials for the provider (it never falls back to a sandbox silently).',
  ...errorFields,
  fields: () => ({}),
});

builder.objectType(UpstreamError, {
  name: 'UpstreamError',
  description: 'The provider failed or refused in a way the input cannot fix. Nothing is retried for a write; reads were retried before giving up.',
  ...errorFields,
  fields: (t) => ({
    httpStatus: t.int({ nullable: true, description: "The provider's HTTP status; null when no answer arrived.", resolve: (e) => e.httpStatus }),
    requestId: t.string({
      nullable: true,
      description: "The provider's request id for the failed call (e.g. its `X-Request-Id` header), for support.",
      resolve: (e) => e.requestId,
    }),
    retryAfterSeconds: t.int({
      nullable: true,
      description: 'Seconds the provider asked to wait before retrying, when it said.',
      resolve: (e) => e.retryAfterSeconds,
    }),
  }),
});

/** The error classes every mutation can return as data. */
export const MUTATION_ERROR_TYPES = [
  ValidationError,
  NotFoundError,
  UnsupportedRecurrenceError,
  UnsupportedOperationError,
  InvalidStateError,
  IdempotencyConflictError,
  IdempotencyInProgressError,
  StoreUnavailableError,
  ProviderNotConfiguredError,
  UpstreamError,
];
