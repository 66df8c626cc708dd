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

  it('GATEWAY_API_KEYS entries may carry a label (label=key); a key that merely contains "=" stays a key', () => {
    const padded = 'c2d3a1b9e8f7a6b5c4d3e2f1==';
    const config = loadConfig({ GATEWAY_API_KEYS: `ops-team=sgw_team_key_2c8e4a6f0d1b, ${padded}, plain_key_0123456789` });
    expect(config.access.apiKeys).toEqual(['sgw_team_key_2c8e4a6f0d1b', padded, 'plain_key_0123456789']);
    expect(config.access.apiKeyLabels).toEqual([{ key: 'sgw_team_key_2c8e4a6f0d1b', label: 'ops-team' }]);
  });

  it.each([
    ['ops=sgw_team_key_2c8e4a6f0d1b,ops=sgw_other_key_9a8b7c6d5e', 'same label'],
    ['sgw_team_key_2c8e4a6f0d1b,ops=sgw_team_key_2c8e4a6f0d1b', 'listed twice'],
  ])('GATEWAY_API_KEYS %s stops start-up without echoing a key', (value, reason) => {
    const error = (() => {
      try {
        loadConfig({ GATEWAY_API_KEYS: value });
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('GATEWAY_API_KEYS');
    expect((error as Error).message).toContain(reason);
    expect((error as Error).message).not.toContain('sgw_');
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
