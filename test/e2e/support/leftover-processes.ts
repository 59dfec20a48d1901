// Finds etcd and kube-apiserver processes that a test run started and left running, by a marker in their environment.
import { readdirSync, readFileSync } from 'node:fs';

/** The environment variable that marks every process a test run starts (they inherit it). */
export const testRunMarker = 'KGEN_TEST_RUN';

/** Live etcd and kube-apiserver processes whose environment carries `marker=id`; Linux only. */
export function markedServers(id: string, marker = testRunMarker): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  const needle = `${marker}=${id}`;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const command = stat.slice(stat.indexOf('(') + 1, close);
      const state = stat.slice(close + 2, close + 3);
      if ((command !== 'etcd' && command !== 'kube-apiserver') || state === 'Z') {
        continue;
      }
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(needle)) {
        found.push({ pid: Number(entry), command });
      }
    } catch {
      // Exited while we looked, or not ours to read.
    }
  }
  return found;
}
