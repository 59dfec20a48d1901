// Writes a fake exec credential plugin (a small Node script) to a temp dir; its behaviour is set through env vars.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// PLUGIN_LOG: append one JSON line per run (args, KUBERNETES_EXEC_INFO, FROM_ENV);
// PLUGIN_TOKEN_FILE: the token to print; PLUGIN_EXPIRY: expirationTimestamp; PLUGIN_API_VERSION: apiVersion printed;
// PLUGIN_CERT / PLUGIN_KEY: client certificate data; PLUGIN_RAW: print this instead; PLUGIN_EXIT: exit code.
const script = `#!/usr/bin/env node
const fs = require('node:fs');
const e = process.env;
if (e.PLUGIN_LOG) {
  fs.appendFileSync(e.PLUGIN_LOG, JSON.stringify({ args: process.argv.slice(2), info: JSON.parse(e.KUBERNETES_EXEC_INFO || 'null'), fromEnv: e.FROM_ENV }) + '\\n');
}
if (e.PLUGIN_EXIT) { process.exit(Number(e.PLUGIN_EXIT)); }
if (e.PLUGIN_RAW !== undefined) { process.stdout.write(e.PLUGIN_RAW); process.exit(0); }
const info = JSON.parse(e.KUBERNETES_EXEC_INFO);
const status = {};
if (e.PLUGIN_TOKEN_FILE) { status.token = fs.readFileSync(e.PLUGIN_TOKEN_FILE, 'utf8').trim(); }
if (e.PLUGIN_CERT) { status.clientCertificateData = e.PLUGIN_CERT; }
if (e.PLUGIN_KEY) { status.clientKeyData = e.PLUGIN_KEY; }
if (e.PLUGIN_EXPIRY) { status.expirationTimestamp = e.PLUGIN_EXPIRY; }
process.stdout.write(JSON.stringify({ kind: 'ExecCredential', apiVersion: e.PLUGIN_API_VERSION || info.apiVersion, status }));
`;

export interface FakePlugin {
  readonly dir: string;
  /** Absolute path of the executable script. */
  readonly command: string;
  readonly logFile: string;
  readonly tokenFile: string;
  setToken(token: string): void;
  /** The parsed log lines: one per plugin run. */
  runs(): { args: string[]; info: { apiVersion: string; spec: Record<string, unknown> }; fromEnv?: string }[];
  remove(): void;
}

export function writeFakePlugin(): FakePlugin {
  const dir = mkdtempSync(join(tmpdir(), 'kgen-exec-'));
  const command = join(dir, 'plugin.cjs');
  writeFileSync(command, script);
  chmodSync(command, 0o755);
  const logFile = join(dir, 'runs.log');
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, 'token-1');
  return {
    dir,
    command,
    logFile,
    tokenFile,
    setToken: (t) => writeFileSync(tokenFile, t),
    runs: () => {
      let text = '';
      try {
        text = readFileSync(logFile, 'utf8');
      } catch {
        return [];
      }
      return text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l));
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
