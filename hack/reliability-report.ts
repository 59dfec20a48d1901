// Runs the reliability tests (faults, leader election, bad input, security) and rewrites docs/RELIABILITY.md with
// what each guarantee is, which files test it, and the figures of this run: `npm run reliability-report`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { guarantees, type Project } from './reliability-guarantees.js';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const docPath = join(repoRoot, 'docs/RELIABILITY.md');
const vitestBin = join(repoRoot, 'node_modules/vitest/vitest.mjs');

interface FileResult {
  passed: number;
  failed: number;
  skipped: number;
  /** Lines the file printed (its figures). */
  readonly printed: string[];
}

interface JsonReport {
  readonly testResults?: readonly {
    readonly name: string;
    readonly assertionResults?: readonly { readonly status: string }[];
  }[];
}

/** Splits vitest's default-reporter output into what each test file printed (`stdout | <file> > ...` blocks). */
function printedByFile(output: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const raw of output.split('\n')) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour codes
    const line = raw.replace(/\u001b\[[0-9;]*m/g, '').trimEnd();
    const header = /^std(?:out|err) \| (\S+)/.exec(line);
    if (header !== null) {
      const file = header[1] as string;
      current = out.get(file) ?? [];
      out.set(file, current);
      continue;
    }
    if (line === '') {
      current = undefined;
      continue;
    }
    current?.push(line);
  }
  return out;
}

/** Runs vitest on `files` of one project; resolves with per-file results. Output is shown as it comes. */
async function runProject(project: Project, files: string[], env: NodeJS.ProcessEnv): Promise<Map<string, FileResult>> {
  const dir = mkdtempSync(join(tmpdir(), 'kgen-reliability-'));
  const jsonPath = join(dir, 'report.json');
  try {
    const child = spawn(
      process.execPath,
      [
        vitestBin,
        'run',
        '--project',
        project,
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${jsonPath}`,
        ...files,
      ],
      { cwd: repoRoot, env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (c: string) => {
      output += c;
      process.stdout.write(c);
    });
    child.stderr.on('data', (c: string) => process.stderr.write(c));
    await new Promise<void>((resolve) => child.once('close', () => resolve()));
    const printed = printedByFile(output);
    const results = new Map<string, FileResult>();
    for (const f of files) {
      results.set(f, { passed: 0, failed: 0, skipped: 0, printed: printed.get(f) ?? [] });
    }
    let report: JsonReport = {};
    try {
      report = JSON.parse(readFileSync(jsonPath, 'utf8')) as JsonReport;
    } catch {
      // No report means vitest failed before running anything; every file then shows 0 passed.
    }
    for (const t of report.testResults ?? []) {
      const rel = t.name.startsWith(repoRoot) ? t.name.slice(repoRoot.length) : t.name;
      const r = results.get(rel);
      if (r === undefined) {
        continue;
      }
      for (const a of t.assertionResults ?? []) {
        if (a.status === 'passed') {
          r.passed++;
        } else if (a.status === 'failed') {
          r.failed++;
        } else {
          r.skipped++;
        }
      }
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface CampaignRecord {
  readonly test: string;
  readonly at: string;
  readonly figures: {
    readonly seed: number;
    readonly faults: number;
    readonly faultsByKind: Record<string, number>;
    readonly effectiveFaults: number;
    readonly rounds: number;
    readonly quietChecks: number;
    readonly divergences: number;
    readonly idleTimeoutMs: number;
    readonly stallDetectionMaxMs: number | null;
    readonly longestRecoveryMs: number;
    readonly longestRecoveryKind: string;
    readonly durationMs: number;
    readonly informers: readonly {
      readonly name: string;
      readonly relists: number;
      readonly relistsAfterDisconnects: number;
      readonly watchRestarts: number;
      readonly failures: Record<string, number>;
      readonly backoffs: { readonly count: number; readonly minMs: number | null; readonly maxMs: number | null };
      readonly deletionsMade: number;
      readonly deletionsOfSeen: number;
      readonly deletionsUndelivered: number;
      readonly deletes: number;
      readonly tombstones: number;
      readonly writes: number;
    }[];
  };
}

const seconds = (ms: number | null): string => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);

function campaignSection(records: readonly CampaignRecord[]): string[] {
  const last = records.filter((r) => r.test === 'fault-campaign').at(-1);
  if (last === undefined) {
    return ['The fault campaign did not run (or wrote no figures) in this report.', ''];
  }
  const f = last.figures;
  const lines = [
    `Seed ${f.seed} (replay: \`KGEN_CAMPAIGN_SEED=${f.seed} npm run test:campaign -- --faults ${f.faults}\`), ` +
      `${f.faults} faults in ${f.rounds} rounds over ${seconds(f.durationMs)}; ${f.effectiveFaults} of them hit an open ` +
      'connection or fired.',
    '',
    '| fault | count |',
    '|---|---:|',
    ...Object.entries(f.faultsByKind)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `| ${k} | ${n} |`),
    '',
    '| target | result |',
    '|---|---|',
    `| no divergence | ${f.divergences} divergences in ${f.quietChecks} quiet checks |`,
    `| no relist after a plain disconnect | ${f.informers.map((i) => `${i.name}: ${i.relistsAfterDisconnects}`).join(', ')} |`,
    `| stall detected within the idle timeout (${seconds(f.idleTimeoutMs)}) | at most ${seconds(f.stallDetectionMaxMs)} |`,
    `| backoff in [0.8 s, 60 s) | ${f.informers
      .map(
        (i) => `${i.name}: ${i.backoffs.count} waits in [${seconds(i.backoffs.minMs)}, ${seconds(i.backoffs.maxMs)}]`,
      )
      .join('; ')} |`,
    `| longest recovery | ${seconds(f.longestRecoveryMs)} (${f.longestRecoveryKind}) |`,
    '',
    '| informer | writes | relists | watch restarts | deletions (of objects it knew) | undelivered | delivered as deletes + tombstones | failures seen |',
    '|---|---:|---:|---:|---:|---:|---|---|',
    ...f.informers.map(
      (i) =>
        `| ${i.name} | ${i.writes} | ${i.relists} | ${i.watchRestarts} | ${i.deletionsMade} (${i.deletionsOfSeen}) | ` +
        `${i.deletionsUndelivered} | ${i.deletes} + ` +
        `${i.tombstones} | ${Object.entries(i.failures)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')} |`,
    ),
    '',
    'Relists are expected only after the compaction rounds (410) and possibly after a restart; watch restarts ' +
      'include the idle watchdog ending quiet watches between rounds. An object created and deleted while an ' +
      'informer was cut off never reached it, so only deletions of objects it knew are owed to it.',
    '',
  ];
  return lines;
}

function render(
  results: ReadonlyMap<string, FileResult>,
  records: readonly CampaignRecord[],
  meta: { date: string; commit: string; node: string; durationS: number; ran: readonly Project[] },
): string {
  const out: string[] = [
    '# Reliability',
    '',
    '<!-- Generated by hack/reliability-report.ts (npm run reliability-report). Edit the script, not this file. -->',
    '',
    'What kgen guarantees, how each guarantee is tested, and the figures of the last run. Every figure below was',
    'printed by the tests of that run; the document is rewritten whole by the script.',
    '',
    `Last run: ${meta.date}, commit \`${meta.commit}\`, Node ${meta.node}, ${meta.durationS.toFixed(0)} s ` +
      `(projects: ${meta.ran.join(', ')}).`,
    '',
  ];
  for (const [n, g] of guarantees.entries()) {
    out.push(`## ${n + 1}. ${g.title}`, '', g.promise, '', '| test file | shows | result |', '|---|---|---|');
    for (const f of g.files) {
      const r = results.get(f.file);
      const result =
        r === undefined
          ? 'not run'
          : r.failed > 0
            ? `**${r.failed} failed**, ${r.passed} passed`
            : r.passed === 0
              ? '**no test passed**'
              : `${r.passed} passed${r.skipped > 0 ? `, ${r.skipped} skipped` : ''}`;
      out.push(`| \`${f.file}\` | ${f.shows} | ${result} |`);
    }
    out.push('');
    if (n === 0) {
      out.push('### The fault campaign', '', ...campaignSection(records));
    }
    const printed = g.files.flatMap((f) =>
      (results.get(f.file)?.printed ?? [])
        .filter((l) => !l.startsWith('[fault campaign]'))
        .map((l) => `${f.file.replace(/^.*\//, '')}: ${l}`),
    );
    if (printed.length > 0) {
      out.push('Figures the tests printed:', '', '```text', ...new Set(printed), '```', '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

const usage = `usage: npm run reliability-report -- [--unit-only] [--faults N] [--seed S]
  --unit-only  skip the e2e tests (no API server; the campaign and leader-election rows show "not run")
  --faults     length of the fault campaign (default: the campaign's, 200)
  --seed       seed of the fault campaign (default: a fresh one)`;

async function main(): Promise<void> {
  let values: { 'unit-only'?: boolean; faults?: string; seed?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        'unit-only': { type: 'boolean' },
        faults: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (values.help === true) {
    console.log(usage);
    return;
  }
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'kgen-reliability-out-'));
  const outPath = join(dir, 'figures.jsonl');
  writeFileSync(outPath, '');
  const env: NodeJS.ProcessEnv = { ...process.env, KGEN_RELIABILITY_OUT: outPath };
  if (values.faults !== undefined) {
    env.KGEN_CAMPAIGN_FAULTS = values.faults;
  }
  if (values.seed !== undefined) {
    env.KGEN_CAMPAIGN_SEED = values.seed;
  }
  const ran: Project[] = values['unit-only'] === true ? ['unit'] : ['unit', 'e2e'];
  const results = new Map<string, FileResult>();
  try {
    for (const project of ran) {
      const files = [
        ...new Set(guarantees.flatMap((g) => g.files.filter((f) => f.project === project).map((f) => f.file))),
      ];
      if (project === 'e2e') {
        const setup = spawnSync('bash', ['hack/setup-envtest.sh'], {
          cwd: repoRoot,
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        if (setup.status !== 0) {
          throw new Error('hack/setup-envtest.sh failed: no envtest binaries for the e2e tests');
        }
      }
      for (const [file, r] of await runProject(project, files, env)) {
        results.set(file, r);
      }
    }
    const records = readFileSync(outPath, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as CampaignRecord);
    const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' });
    // Uncommitted changes other than this document mean the figures are not those of the commit alone.
    const dirty = spawnSync('git', ['status', '--porcelain', '--', '.', ':!docs/RELIABILITY.md'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    const doc = render(results, records, {
      date: new Date().toISOString().slice(0, 10),
      commit:
        commit.status === 0 ? `${commit.stdout.trim()}${dirty.stdout.trim() === '' ? '' : '+worktree'}` : 'unknown',
      node: process.version,
      durationS: (Date.now() - started) / 1000,
      ran,
    });
    writeFileSync(docPath, doc);
    const failed = [...results.values()].reduce((s, r) => s + r.failed, 0);
    console.log(`reliability-report: wrote ${docPath} (${failed} failed tests)`);
    process.exitCode = failed > 0 ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
