/**
 * Replays a Dockerfile's build on this machine, without a Docker engine: each stage gets its own folder standing
 * for its file system, and its instructions are carried out literally — COPY copies from the build context or
 * from another stage's folder, RUN runs its command with `sh -c` (under `nice`) in the stage's WORKDIR, ENV sets the stage's
 * environment. What cannot be replayed here is refused, so a Dockerfile that grows a new kind of instruction
 * fails the test that replays it instead of being half-checked.
 *
 * Differences from a real build, each on purpose:
 * - the base image is not pulled: commands run on this machine's node and npm (the test's node is first on PATH);
 * - npm runs offline (`npm_config_offline=true`), from the npm cache that `npm ci` filled for this checkout: no
 *   test reaches the network;
 * - a full `npm ci` (dev dependencies included: a build stage) links this checkout's node_modules, which CI's
 *   own `npm ci` installed from the same package-lock.json, instead of installing 250 packages a second time.
 *   `npm ci --omit=dev` is run for real: it is the step that decides what the image ships.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, stat, symlink } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  base: string;
  name: string | null;
  instructions: Instruction[];
}

/** Dockerfile text → stages; comments, blank lines and `\` line continuations handled. */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  let pending = '';
  let startLine = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) return;
    if (pending === '') startLine = index + 1;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      return;
    }
    const whole = `${pending}${line}`.trim();
    pending = '';
    const match = /^([A-Za-z]+)\s+(.*)$/.exec(whole);
    if (!match) throw new Error(`Dockerfile line ${startLine}: cannot read ${JSON.stringify(whole)}`);
    const keyword = match[1]!.toUpperCase();
    const args = match[2]!.trim();
    if (keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!from) throw new Error(`Dockerfile line ${startLine}: unsupported FROM ${args}`);
      stages.push({ base: from[1]!, name: from[2] ?? null, instructions: [] });
      return;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`Dockerfile line ${startLine}: ${keyword} before FROM`);
    stage.instructions.push({ keyword, args, line: startLine });
  });
  return stages;
}

/** What the final stage of a replayed build gives a container. */
export interface ReplayedImage {
  /** The folder standing for the final stage's file system root. */
  root: string;
  /** The host path of the final WORKDIR (where CMD runs). */
  workdir: string;
  env: Record<string, string>;
  user: string | null;
  exposed: string[];
  cmd: string[];
  healthcheck: string[] | null;
  /** Every RUN command as it was carried out, per stage, for the test's own assertions. */
  runs: Array<{ stage: string; command: string; replayedBy: 'sh' | 'linked node_modules' }>;
}

export interface ReplayOptions {
  dockerfile: string;
  /** The build context (the checkout). */
  context: string;
  /** An empty folder; one sub-folder per stage is created in it. */
  into: string;
  /** Environment every RUN gets in addition to the stage's ENV (PATH, HOME, npm cache, offline). */
  runEnv: Record<string, string>;
}

function execForm(text: string, where: string): string[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((part) => typeof part === 'string')) {
    throw new Error(`${where}: expected the exec form ["executable", "arg", …], got ${text}`);
  }
  return parsed as string[];
}

function sh(command: string, cwd: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    // At low CPU priority: the replay compiles and installs while the other test worker runs timing-sensitive tests.
    const child = spawn('nice', ['-n', '10', 'sh', '-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`RUN ${command} exited ${code}:\n${output}`))));
  });
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path)).isDirectory();
}

export async function replayDockerfile(options: ReplayOptions): Promise<ReplayedImage> {
  const stages = parseDockerfile(options.dockerfile);
  const runs: ReplayedImage['runs'] = [];
  const results = new Map<string, Promise<ReplayedImage>>();

  const replayStage = async (stage: Stage, index: number): Promise<ReplayedImage> => {
    const label = stage.name ?? `stage ${index}`;
    const root = join(options.into, `stage-${index}`);
    await mkdir(root, { recursive: true });
    let cwd = '/';
    const env: Record<string, string> = {};
    const image: ReplayedImage = { root, workdir: root, env, user: null, exposed: [], cmd: [], healthcheck: null, runs };
    const host = (containerPath: string) => join(root, posix.resolve(cwd, containerPath));

    for (const { keyword, args, line } of stage.instructions) {
      const where = `Dockerfile line ${line} (${keyword})`;
      switch (keyword) {
        case 'WORKDIR':
          cwd = posix.resolve(cwd, args);
          await mkdir(host('.'), { recursive: true });
          break;
        case 'COPY': {
          const words = args.split(/\s+/);
          const flags = words.filter((word) => word.startsWith('--'));
          const paths = words.filter((word) => !word.startsWith('--'));
          const from = flags.map((flag) => /^--from=(.+)$/.exec(flag)?.[1]).find(Boolean);
          if (flags.length > (from ? 1 : 0) || paths.length < 2 || args.startsWith('[')) throw new Error(`${where}: unsupported form ${args}`);
          const destination = paths.pop()!;
          let sourceRoot = options.context;
          if (from) {
            const source = results.get(from);
            if (!source) throw new Error(`${where}: no earlier stage named ${from}`);
            sourceRoot = (await source).root;
          }
          const intoDirectory = destination.endsWith('/') || paths.length > 1;
          for (const path of paths) {
            const source = join(sourceRoot, from ? posix.resolve('/', path) : path);
            const target = (await isDirectory(source)) || !intoDirectory ? host(destination) : join(host(destination), basename(path));
            await mkdir(dirname(target), { recursive: true });
            await cp(source, target, { recursive: true, verbatimSymlinks: true });
          }
          break;
        }
        case 'RUN': {
          if (args.startsWith('[') || args.startsWith('--')) throw new Error(`${where}: unsupported form ${args}`);
          if (/^npm ci(\s|$)/.test(args) && !/--omit[= ]dev/.test(args)) {
            await symlink(join(options.context, 'node_modules'), join(host('.'), 'node_modules'), 'dir');
            runs.push({ stage: label, command: args, replayedBy: 'linked node_modules' });
          } else {
            await sh(args, host('.'), { ...options.runEnv, ...env });
            runs.push({ stage: label, command: args, replayedBy: 'sh' });
          }
          break;
        }
        case 'ENV':
          for (const pair of args.split(/\s+/)) {
            const match = /^([A-Za-z_][A-Za-z0-9_]*)=(\S*)$/.exec(pair);
            if (!match) throw new Error(`${where}: unsupported form ${args} (use KEY=value)`);
            env[match[1]!] = match[2]!;
          }
          break;
        case 'USER':
          image.user = args;
          break;
        case 'EXPOSE':
          image.exposed.push(...args.split(/\s+/));
          break;
        case 'HEALTHCHECK': {
          const match = /^(?:--[a-z-]+=\S+\s+)*CMD\s+(\[.*\])$/.exec(args);
          if (!match) throw new Error(`${where}: unsupported form ${args}`);
          image.healthcheck = execForm(match[1]!, where);
          break;
        }
        case 'CMD':
          image.cmd = execForm(args, where);
          break;
        default:
          throw new Error(`${where}: the replay does not know ${keyword}; teach test/support/dockerfile-replay.ts or keep the Dockerfile simpler`);
      }
    }
    image.workdir = host('.');
    return image;
  };

  // Stages run concurrently, as BuildKit runs them; COPY --from waits for the stage it names.
  const all = stages.map((stage, index) => {
    const result = replayStage(stage, index);
    result.catch(() => undefined); // awaited below; a stage waiting on a failed one rejects too
    results.set(stage.name ?? String(index), result);
    return result;
  });
  const images = await Promise.all(all);
  return images.at(-1)!;
}
