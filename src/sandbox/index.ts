/**
 * Starts every provider's upstream emulator on 127.0.0.1 and points a config at them. Used by `npm start` when
 * no provider key is set, by the tests, and by the benchmark. The emulators come from the list of providers
 * (each module's `emulator`), under each provider's config key.
 */
import type { Config, ProviderSections } from '../config.js';
import { PROVIDERS, type ProviderName } from '../core/model.js';
import { PROVIDER_MODULES } from '../providers/index.js';
import type { EmulatorOptions, ProviderModule } from '../providers/module.js';

type Modules = typeof PROVIDER_MODULES;
type Emulator<P extends ProviderName> = Modules[P]['emulator'];
type ConfigKey<P extends ProviderName> = Modules[P]['configKey'];

/** Each provider's running emulator, under its config key (`sandboxes.<key>.requests`, `.injectFault`, …). */
export type Sandboxes = { [P in ProviderName as ConfigKey<P>]: Awaited<ReturnType<Emulator<P>['start']>> } & { close(): Promise<void> };

export type SandboxesOptions = EmulatorOptions;

/** Where the emulators listen and the credentials they accept: all a config needs to point at them. */
export type SandboxEndpoints = { [P in ProviderName as ConfigKey<P>]: ReturnType<Emulator<P>['endpoints']> };

/** Each module as the general type, so one loop can call every module's emulator, with its config key. */
const modules = PROVIDERS.map((name) => {
  const module: ProviderModule = PROVIDER_MODULES[name];
  return { key: PROVIDER_MODULES[name].configKey, emulator: module.emulator };
});

export async function startSandboxes(options: SandboxesOptions = {}): Promise<Sandboxes> {
  const handles = await Promise.all(modules.map(async ({ key, emulator }) => [key, await emulator.start(options)] as const));
  // fromEntries loses the per-key types; each entry is its own module's emulator by construction.
  const sandboxes = Object.fromEntries(handles) as Omit<Sandboxes, 'close'>;
  return {
    ...sandboxes,
    close: async () => {
      await Promise.all(handles.map(([, handle]) => handle.close()));
    },
  };
}

/** Just the endpoints of running emulators, as plain data another process can be handed (e.g. as JSON). */
export function sandboxEndpoints(sandboxes: SandboxEndpoints): SandboxEndpoints {
  // Same cast as above: one entry per module, from that module's own endpoints().
  return Object.fromEntries(modules.map(({ key, emulator }) => [key, emulator.endpoints(sandboxes[key])])) as SandboxEndpoints;
}

/** The config with every provider served by its emulator. */
export function sandboxConfig(config: Config, sandboxes: SandboxEndpoints): Config {
  const sections = Object.fromEntries(modules.map(({ key, emulator }) => [key, emulator.configure(config[key], sandboxes[key])])) as ProviderSections;
  return { ...config, mode: 'sandbox', ...sections };
}
