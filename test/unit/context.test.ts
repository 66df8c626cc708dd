/** The resolver context is narrow (issue 13): no config, no secret, only what resolvers read. */
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { configSecrets, loadConfig } from '../../src/config.js';
import { createContext, type GatewayContext } from '../../src/context.js';
import { closeProviders, createProviders } from '../../src/providers/registry.js';

const config = loadConfig({
  TRACKLY_API_KEY: 'trk_live_9f8e7d6c5b4a39281706',
  HEYMARKET_SECRET_ID: 'hm-secret-id-0001',
  HEYMARKET_SECRET_KEY: 'hm_secret_key_5e4d3c2b1a09f8e7',
  BURKI_API_KEY: 'burki_live_0a1b2c3d4e5f6a7b8c9d',
  GATEWAY_API_KEYS: 'ops=sgw_team_key_2c8e4a6f0d1b',
  DATABASE_URL: 'postgres://gateway:db_password_3f2e1d0c@db.example.com:5432/gateway',
});
const registry = createProviders(config);
afterAll(() => closeProviders(registry));

describe('GatewayContext', () => {
  it('has no config: not in its type, not among its keys', () => {
    expectTypeOf<GatewayContext>().not.toHaveProperty('config');
    const context = createContext(registry, config);
    expect(Object.keys(context)).not.toContain('config');
    expect(Object.keys(context)).not.toContain('registry');
  });

  it('built from a config with real keys, serialises without any of them', () => {
    // The secrets the config holds are those the logger also guards against; all of them are in this config.
    const secrets = configSecrets(config);
    expect(secrets).toEqual(
      expect.arrayContaining([
        'trk_live_9f8e7d6c5b4a39281706',
        'hm_secret_key_5e4d3c2b1a09f8e7',
        'burki_live_0a1b2c3d4e5f6a7b8c9d',
        'sgw_team_key_2c8e4a6f0d1b',
        'db_password_3f2e1d0c',
      ]),
    );
    const context = createContext(registry, config, undefined, { requestId: 'req-1' });
    // A session opened by the request holds the provider's client, which holds its key.
    context.sessions.get('TRACKLY');
    const text = JSON.stringify(context);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toContain('hm-secret-id-0001');
  });

  it('still gives resolvers what they read: the sending-window policy and each provider mode', () => {
    const context = createContext(registry, config);
    expect(context.sendingWindow).toEqual(config.sendingWindow);
    expect(context.providerModes).toEqual({ TRACKLY: 'live', HEYMARKET: 'live', BURKI: 'live' });
    expect(context.sessions.isConfigured('BURKI')).toBe(true);
  });
});
