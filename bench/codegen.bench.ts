// `npm run bench -- codegen [--quick]`: one CRD and all Kubernetes v1.35 group-versions (every artifact) end to end, against openapi-typescript.
//
// All kgen figures run the real pipeline (read, model, emit, format, write to a temp dir). The baseline is
// openapi-typescript turning the same v3 documents into types, in this process; `ratio` = baseline time / kgen time
// (above 1 means kgen is faster). The CLI figures include process start-up, as a user sees it.
// code-generator (kube_codegen.sh: deepcopy, clientset, listers, informers) runs on a sample-controller-shaped API
// (bench/fixtures/sample-controller-api) after one untimed warm-up run that installs its tools; kgen generates the
// same group and artifacts from the fixture's CRD through its CLI, start-up included on both sides, after its own
// warm-up run (the first run after an install builds the CLI bundle; that run is reported on its own row).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { generate, resolveConfig, updateCodegen } from '../generator/index.js';
import { loadInputs } from '../generator/load/load-inputs.js';
import { type Metric, medianOf, parseBenchArgs, report, round } from './harness.js';
import { codeGeneratorDir, runKubeCodegen, sampleCrdPath } from './support/code-generator.js';

const { quick } = parseBenchArgs();
const repo = fileURLToPath(new URL('../', import.meta.url));
const corpus = join(repo, '../shared/corpus');
const v3dir = join(corpus, 'openapi/v3');
const runs = quick ? 1 : 5;
const scratch = mkdtempSync(join(tmpdir(), 'kgen-bench-'));
// A cache of its own, so that the first CLI run below is a cold one (it builds the CLI bundle).
const cliCache = join(scratch, 'cli-cache');

function configFor(inputs: string[], out: string) {
  // Every artifact: types, deepcopy, register, clientset and fake, listers, informers, apply configurations.
  return resolveConfig({
    config: { inputs, outputDir: join(scratch, out), withWatch: true, withApplyconfig: true },
    baseDir: corpus,
    file: undefined,
  });
}

async function endToEnd(inputs: string[], out: string): Promise<number> {
  // A fresh output directory each run, so every run writes the whole tree.
  rmSync(join(scratch, out), { recursive: true, force: true });
  const t = performance.now();
  await updateCodegen(configFor(inputs, out));
  return performance.now() - t;
}

try {
  // All group-versions first, so peak RSS below is this step's (RSS only grows).
  const allMs = await medianOf(runs, () => endToEnd(['openapi/v3'], 'all'));
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const allInputs = await loadInputs(configFor(['openapi/v3'], 'all'), { displayBase: corpus });
  const emitMs = await medianOf(runs, () => {
    const t = performance.now();
    const c = configFor(['openapi/v3'], 'all');
    generate(allInputs, { model: c.model, emit: c.emit });
    return performance.now() - t;
  });
  // tsc over the committed built-in clientset (kubernetes/, the same output), as a user's build would check it.
  const tscConfig = join(repo, `tsconfig.bench-${process.pid}.json`);
  writeFileSync(
    tscConfig,
    JSON.stringify({ extends: './tsconfig.json', include: ['kubernetes/**/*.ts'], exclude: [] }),
  );
  let tscMs: number;
  try {
    tscMs = await medianOf(quick ? 1 : 3, () => {
      const t = performance.now();
      const r = spawnSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', tscConfig], {
        encoding: 'utf8',
      });
      if (r.status !== 0) {
        throw new Error(`tsc over kubernetes/ failed: ${r.stdout}${r.stderr}`);
      }
      return performance.now() - t;
    });
  } finally {
    rmSync(tscConfig, { force: true });
  }
  const crdMs = await medianOf(runs, () => endToEnd(['crds/cert-manager__Certificate.yaml'], 'crd'));
  const bigCrdMs = await medianOf(runs, () => endToEnd(['crds/prometheus-operator__Prometheus.yaml'], 'bigcrd'));
  // The same artifacts as kube_codegen.sh's gen_helpers + gen_client --with-watch: deepcopy (and types, register),
  // clientset, listers, informers.
  const sampleCli = (): number => {
    rmSync(join(scratch, 'sample'), { recursive: true, force: true });
    const t = performance.now();
    const r = spawnSync(
      process.execPath,
      [
        join(repo, 'bin/kgen.mjs'),
        'update-codegen',
        sampleCrdPath,
        '--with-watch',
        '--output-dir',
        join(scratch, 'sample'),
      ],
      { stdio: 'ignore', env: { ...process.env, KGEN_CLI_CACHE_DIR: cliCache } },
    );
    if (r.status !== 0) {
      throw new Error(`kgen exited with ${r.status}`);
    }
    return performance.now() - t;
  };
  // The first run after an install (or a change to the generator's sources) also builds the CLI bundle.
  const coldCliMs = sampleCli();
  const cliMs = await medianOf(runs, () => {
    const t = performance.now();
    const r = spawnSync(
      process.execPath,
      [
        join(repo, 'bin/kgen.mjs'),
        'update-codegen',
        join(repo, 'fixtures/example/crds'),
        '--output-dir',
        join(scratch, 'cli'),
      ],
      {
        stdio: 'ignore',
        env: { ...process.env, KGEN_CLI_CACHE_DIR: cliCache },
      },
    );
    if (r.status !== 0) {
      throw new Error(`kgen exited with ${r.status}`);
    }
    return performance.now() - t;
  });
  const docs = readdirSync(v3dir)
    .sort()
    .map((f) => JSON.parse(readFileSync(join(v3dir, f), 'utf8')) as Parameters<typeof openapiTS>[0]);
  const baselineMs = await medianOf(quick ? 1 : 3, async () => {
    const t = performance.now();
    for (const doc of docs) {
      astToString(await openapiTS(doc, { silent: true }));
    }
    return performance.now() - t;
  });
  const sampleCliMs = await medianOf(runs, sampleCli);
  const codeGenerator: Metric[] = [];
  try {
    const dir = codeGeneratorDir();
    runKubeCodegen(dir); // warm-up: go install of the generators, module downloads
    const cgMs = await medianOf(runs, () => runKubeCodegen(dir));
    codeGenerator.push({
      name: 'one API group (sample-controller shape) vs code-generator kube_codegen.sh',
      value: round(cgMs, 0),
      unit: 'ms (baseline)',
      baseline: 'code-generator',
      ratio: round(cgMs / sampleCliMs, 2),
      target: 'ratio >= 10',
    });
  } catch (e) {
    console.error(`kgen bench: code-generator row skipped: ${(e as Error).message}`);
  }
  report({
    bench: 'codegen',
    metrics: [
      {
        name: 'one API group (sample-controller shape) via the CLI, incl. start-up',
        value: round(sampleCliMs, 0),
        unit: 'ms',
      },
      {
        name: 'one API group via the CLI, first run after install (builds the CLI bundle)',
        value: round(coldCliMs, 0),
        unit: 'ms',
      },
      ...codeGenerator,
      {
        name: 'one CRD end to end (cert-manager Certificate, in process)',
        value: round(crdMs, 1),
        unit: 'ms',
        target: '< 1000 ms',
      },
      {
        name: 'largest corpus CRD end to end (Prometheus, 833 KB)',
        value: round(bigCrdMs, 1),
        unit: 'ms',
        target: '< 1000 ms',
      },
      {
        name: 'one CRD group end to end via the CLI (example, incl. start-up)',
        value: round(cliMs, 0),
        unit: 'ms',
        target: '< 1000 ms',
      },
      {
        name: 'all v1.35 group-versions end to end (36 v3 documents)',
        value: round(allMs, 0),
        unit: 'ms',
        baseline: 'openapi-typescript (same documents, types only)',
        ratio: round(baselineMs / allMs, 2),
        target: '≤ 10000 ms',
      },
      { name: 'openapi-typescript on the same documents', value: round(baselineMs, 0), unit: 'ms' },
      {
        name: 'type emission (model + emit + format, in memory) for all group-versions',
        value: round(emitMs, 0),
        unit: 'ms',
        target: '≤ 1000 ms',
      },
      { name: 'peak RSS, all group-versions', value: round(peakRssMb, 0), unit: 'MB', target: '≤ 1024 MB' },
      {
        name: 'tsc --noEmit over the built-in clientset (kubernetes/, strict)',
        value: round(tscMs, 0),
        unit: 'ms',
        target: '≤ 60000 ms',
      },
    ],
  });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
