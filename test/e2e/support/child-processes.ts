// Lists this process's live child processes from /proc, to prove a test left no etcd or kube-apiserver behind.
import { readdirSync, readFileSync } from 'node:fs';

/** A child process of the current Node process. */
export interface ChildProcessInfo {
  readonly pid: number;
  readonly command: string;
}

/** Live (non-zombie) children of this process, by /proc/<pid>/stat; Linux only. */
export function childProcesses(): ChildProcessInfo[] {
  const children: ChildProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // Format: pid (comm) state ppid ...; comm may contain spaces, so split after the last ')'.
    const close = stat.lastIndexOf(')');
    const command = stat.slice(stat.indexOf('(') + 1, close);
    const [state, ppid] = stat.slice(close + 2).split(' ');
    if (Number(ppid) === process.pid && state !== 'Z') {
      children.push({ pid: Number(entry), command });
    }
  }
  return children;
}
