/**
 * The start-up error and the environment type, apart from `config.ts` because the config sections that
 * live beside their feature (`ops/tracing-config.ts`, `ops/persisted-documents.ts`) need them while
 * `config.ts` imports those sections: keeping them here leaves the imports flowing one way (no cycle).
 */

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

export type Environment = Record<string, string | undefined>;
