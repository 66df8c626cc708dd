/**
 * What a bad environment is: the error that stops start-up with one line naming the variable. Apart from
 * config.ts so that the sections config.ts assembles from ops/ (tracing, trusted documents) can raise it
 * without importing config.ts back (an import cycle).
 */
export type Environment = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}
