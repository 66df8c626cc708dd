/**
 * The OpenTelemetry tracing section of the config, read from the standard `OTEL_*` variables (the names every
 * platform team already sets; https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/).
 * Tracing is off unless asked for: `OTEL_TRACES_EXPORTER=otlp|console`, or an OTLP endpoint set
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` / `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`). `OTEL_SDK_DISABLED=true` or
 * `OTEL_TRACES_EXPORTER=none` turn it off whatever else is set. Read here, like every other variable, so that
 * nothing else reads `process.env` (config.ts).
 */
import { ConfigError, type Environment } from '../config-error.js';

export type SamplerKind = 'always_on' | 'always_off' | 'traceidratio';

export interface TracingConfig {
  exporter: 'otlp' | 'console';
  /** The full OTLP/HTTP traces URL (`…/v1/traces`). */
  endpoint: string;
  /** Extra headers for the collector (often an API key: kept out of logs, see `configSecrets`). */
  headers: Record<string, string>;
  serviceName: string;
  resourceAttributes: Record<string, string>;
  sampler: { kind: SamplerKind; parentBased: boolean; ratio: number };
}

const SAMPLERS: Record<string, { kind: SamplerKind; parentBased: boolean }> = {
  always_on: { kind: 'always_on', parentBased: false },
  always_off: { kind: 'always_off', parentBased: false },
  traceidratio: { kind: 'traceidratio', parentBased: false },
  parentbased_always_on: { kind: 'always_on', parentBased: true },
  parentbased_always_off: { kind: 'always_off', parentBased: true },
  parentbased_traceidratio: { kind: 'traceidratio', parentBased: true },
};

/** `key1=value1,key2=value2`, values percent-decoded (the OTel spec's format for headers and resource attributes). */
function keyValueList(variable: string, value: string | undefined): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const item of (value ?? '').split(',')) {
    if (item.trim() === '') continue;
    const at = item.indexOf('=');
    if (at <= 0) throw new ConfigError(variable, 'must be a comma-separated list of key=value pairs');
    try {
      entries[decodeURIComponent(item.slice(0, at).trim())] = decodeURIComponent(item.slice(at + 1).trim());
    } catch {
      throw new ConfigError(variable, 'has a badly percent-encoded key or value');
    }
  }
  return entries;
}

function httpUrl(variable: string, value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
  } catch {
    // reported below
  }
  throw new ConfigError(variable, `must be an absolute http(s) URL (got ${JSON.stringify(value)})`);
}

export function tracingConfig(env: Environment): TracingConfig | null {
  const flag = (name: string) => (env[name] ?? '').trim().toLowerCase();
  if (flag('OTEL_SDK_DISABLED') === 'true') return null;
  const exporter = flag('OTEL_TRACES_EXPORTER');
  const tracesEndpoint = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']?.trim();
  const baseEndpoint = env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim();
  if (exporter === 'none') return null;
  if (exporter === '' && !tracesEndpoint && !baseEndpoint) return null;
  if (exporter !== '' && exporter !== 'otlp' && exporter !== 'console') {
    throw new ConfigError('OTEL_TRACES_EXPORTER', `must be otlp, console or none (got ${JSON.stringify(exporter)})`);
  }
  // The exporter package speaks OTLP over HTTP with JSON bodies. OTLP/HTTP receivers must accept both JSON and
  // protobuf on the same path, so `http/protobuf` (the spec's default) is served with JSON too; gRPC is not.
  const protocol = flag('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') || flag('OTEL_EXPORTER_OTLP_PROTOCOL');
  if (protocol !== '' && protocol !== 'http/json' && protocol !== 'http/protobuf') {
    throw new ConfigError('OTEL_EXPORTER_OTLP_PROTOCOL', `only http/json (or http/protobuf, sent as JSON) is supported (got ${JSON.stringify(protocol)})`);
  }
  const endpoint = tracesEndpoint
    ? httpUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', tracesEndpoint)
    : `${httpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', baseEndpoint || 'http://localhost:4318').replace(/\/+$/, '')}/v1/traces`;

  const samplerName = flag('OTEL_TRACES_SAMPLER') || 'parentbased_always_on';
  const sampler = SAMPLERS[samplerName];
  if (!sampler) throw new ConfigError('OTEL_TRACES_SAMPLER', `must be one of ${Object.keys(SAMPLERS).join(', ')} (got ${JSON.stringify(samplerName)})`);
  const ratioText = env['OTEL_TRACES_SAMPLER_ARG']?.trim();
  const ratio = ratioText ? Number(ratioText) : 1;
  if (!(ratio >= 0 && ratio <= 1)) throw new ConfigError('OTEL_TRACES_SAMPLER_ARG', `must be a number from 0 to 1 (got ${JSON.stringify(ratioText)})`);

  const resourceAttributes = keyValueList('OTEL_RESOURCE_ATTRIBUTES', env['OTEL_RESOURCE_ATTRIBUTES']);
  return {
    exporter: exporter === 'console' ? 'console' : 'otlp',
    endpoint,
    headers: {
      ...keyValueList('OTEL_EXPORTER_OTLP_HEADERS', env['OTEL_EXPORTER_OTLP_HEADERS']),
      ...keyValueList('OTEL_EXPORTER_OTLP_TRACES_HEADERS', env['OTEL_EXPORTER_OTLP_TRACES_HEADERS']),
    },
    serviceName: env['OTEL_SERVICE_NAME']?.trim() || resourceAttributes['service.name'] || 'schedule-gateway',
    resourceAttributes,
    sampler: { ...sampler, ratio },
  };
}
