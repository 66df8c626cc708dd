/** `GATEWAY_SHUTDOWN_DRAIN_MS`: a live deployment drains for 5 s by default, a sandbox stops at once. */
import { expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

it('drains 5 s by default in a live deployment and not at all in the sandbox', () => {
  expect(loadConfig({ TRACKLY_API_KEY: 'trk_x' }).shutdownDrainMs).toBe(5_000);
  expect(loadConfig({}).shutdownDrainMs).toBe(0);
});

it('takes the configured drain in either mode, 0 included', () => {
  expect(loadConfig({ TRACKLY_API_KEY: 'trk_x', GATEWAY_SHUTDOWN_DRAIN_MS: '0' }).shutdownDrainMs).toBe(0);
  expect(loadConfig({ GATEWAY_SHUTDOWN_DRAIN_MS: '15000' }).shutdownDrainMs).toBe(15_000);
});

it.each(['-1', 'soon', '1.5', '600001'])('refuses %j naming the variable', (value) => {
  expect(() => loadConfig({ GATEWAY_SHUTDOWN_DRAIN_MS: value })).toThrow(ConfigError);
  expect(() => loadConfig({ GATEWAY_SHUTDOWN_DRAIN_MS: value })).toThrow(/^GATEWAY_SHUTDOWN_DRAIN_MS: /);
});
