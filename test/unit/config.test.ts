/** Configuration: defaults, modes, and bad values that stop start-up with one line naming the variable. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('with no key at all, everything is sandboxed on the documented defaults', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('sandbox');
    expect(config.port).toBe(4000);
    expect(config.trackly).toMatchObject({ mode: 'sandbox', baseUrl: 'https://app.tracklysms.com/api/v2', timeZone: 'UTC' });
    expect(config.heymarket.baseUrl).toBe('https://api.heymarket.com');
    expect(config.burki.baseUrl).toBe('https://api.burki.dev');
  });

  it('a provider with a key is live; one without is unconfigured, never silently sandboxed', () => {
    const config = loadConfig({ TRACKLY_API_KEY: 'trk_x' });
    expect(config.mode).toBe('live');
    expect(config.trackly.mode).toBe('live');
    expect(config.heymarket.mode).toBe('unconfigured');
    expect(config.burki.mode).toBe('unconfigured');
  });

  it('Heymarket prefers the signed JWT when both credentials are given', () => {
    const config = loadConfig({ HEYMARKET_API_KEY: 'k', HEYMARKET_SECRET_ID: 'id', HEYMARKET_SECRET_KEY: 's' });
    expect(config.heymarket.auth).toEqual({ kind: 'jwt', secretId: 'id', secretKey: 's' });
  });

  it.each([
    [{ TRACKLY_TIMEZONE: 'Mars/Olympus' }, 'TRACKLY_TIMEZONE'],
    [{ TRACKLY_BASE_URL: 'not a url' }, 'TRACKLY_BASE_URL'],
    [{ BURKI_BASE_URL: 'ftp://example.com' }, 'BURKI_BASE_URL'],
    [{ PORT: '70000' }, 'PORT'],
    [{ HEYMARKET_SECRET_ID: 'only-half' }, 'HEYMARKET_SECRET_KEY'],
  ])('%j is refused naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${variable}: `));
  });

  it('npm start with a bad value exits 1 with one line naming the variable', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, TRACKLY_TIMEZONE: 'Mars/Olympus', PORT: '0' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^schedule-gateway: invalid configuration: TRACKLY_TIMEZONE: must be an IANA time zone name/);
  });
});
