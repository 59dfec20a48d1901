// Runs the seeded fault campaign (test/e2e/fault-campaign.e2e.test.ts) with its length and seed taken from argv,
// since vitest does not pass unknown arguments through: `npm run test:campaign -- --faults 1000 --seed 42`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

const usage = `usage: npm run test:campaign -- [--faults N] [--seed S] [--idle-ms MS] [--restarts N] [--compactions N]
  --faults       faults in all, restarts and compactions included (default 200)
  --seed         replay a run with its printed seed (default: a fresh one)
  --idle-ms      the informers' watch idle timeout (default 4000)
  --restarts     API server restarts (default 1 per 500 faults, at least 1)
  --compactions  etcd compactions while the informers are cut off (default as --restarts)
  --out FILE     append the run's figures as a JSON line to FILE (KGEN_RELIABILITY_OUT)`;

const options = {
  faults: { type: 'string' },
  seed: { type: 'string' },
  'idle-ms': { type: 'string' },
  restarts: { type: 'string' },
  compactions: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

let values: ReturnType<typeof parseArgs<{ options: typeof options }>>['values'];
try {
  ({ values } = parseArgs({ options, allowPositionals: false }));
} catch (err) {
  console.error(`${(err as Error).message}\n${usage}`);
  process.exit(2);
}
if (values.help === true) {
  console.log(usage);
  process.exit(0);
}

const env: NodeJS.ProcessEnv = { ...process.env };
const set = (name: string, value: string | undefined): void => {
  if (value !== undefined) {
    if (!/^\d+$/.test(value)) {
      console.error(`${name} takes a non-negative integer, got ${JSON.stringify(value)}\n${usage}`);
      process.exit(2);
    }
    env[name] = value;
  }
};
set('KGEN_CAMPAIGN_FAULTS', values.faults);
set('KGEN_CAMPAIGN_SEED', values.seed);
set('KGEN_CAMPAIGN_IDLE_MS', values['idle-ms']);
set('KGEN_CAMPAIGN_RESTARTS', values.restarts);
set('KGEN_CAMPAIGN_COMPACTIONS', values.compactions);
if (values.out !== undefined) {
  env.KGEN_RELIABILITY_OUT = values.out;
}

const run = (cmd: string, args: string[]): number => {
  const r = spawnSync(cmd, args, { cwd: repoRoot, env, stdio: 'inherit' });
  return r.status ?? 1;
};

const setup = spawnSync('bash', ['hack/setup-envtest.sh'], {
  cwd: repoRoot,
  env,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (setup.status !== 0) {
  process.exit(setup.status ?? 1);
}
process.exit(
  run(process.execPath, [
    fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url)),
    'run',
    '--project',
    'e2e',
    'test/e2e/fault-campaign.e2e.test.ts',
  ]),
);
