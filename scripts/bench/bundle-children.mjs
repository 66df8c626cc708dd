// @ts-check
/**
 * `npm run bench`'s step after tsc: bundles what the bench starts as the gateway with the options `npm run
 * build` bundles dist/ with (scripts/bundle.mjs), so that its cold start and memory are those of what ships:
 * the gateway child (`.bench-tmp/scripts/bench/bundle/gateway-child.js`, preferred by run.ts) and the
 * gateway process that the workers scenario starts through `.bench-tmp/src/main.js` (`bundle/serve.js`).
 */
import { bundleGateway } from '../bundle.mjs';

await bundleGateway({ entry: '.bench-tmp/scripts/bench/gateway-child.js', outdir: '.bench-tmp/scripts/bench/bundle' });
await bundleGateway({ entry: '.bench-tmp/src/serve.js', outdir: '.bench-tmp/src/bundle' });
