// SupervisedProcess: output tail, SIGTERM then SIGKILL, idempotent stop, and children killed when Node exits.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SupervisedProcess } from '../../../runtime/testing/index.js';

const node = process.execPath;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startNode(name: string, script: string, tailLines?: number): Promise<SupervisedProcess> {
  return SupervisedProcess.start({
    name,
    command: node,
    args: ['-e', script],
    ...(tailLines !== undefined ? { tailLines } : {}),
  });
}

describe('SupervisedProcess', () => {
  it('keeps the last lines of stderr, an unfinished last line included', async () => {
    const p = await startNode(
      'printer',
      'for (let i = 1; i <= 10; i++) process.stderr.write("line " + i + "\\n"); process.stderr.write("partial")',
      3,
    );
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.running).toBe(false);
    expect(p.outputTail()).toBe('line 8\nline 9\nline 10\npartial');
  });

  it('captures stdout too, without merging its fragments into stderr lines', async () => {
    const p = await startNode('both', 'process.stdout.write("out-"); process.stderr.write("err-"); process.exit(3)');
    expect(await p.exited).toEqual({ code: 3, signal: null });
    expect(p.outputTail().split('\n').sort()).toEqual(['err-', 'out-']);
  });

  it('stops with SIGTERM and waits for the exit; a second stop returns the same exit', async () => {
    const p = await startNode('sleeper', 'setInterval(() => {}, 1000)');
    expect(p.running).toBe(true);
    expect(alive(p.pid)).toBe(true);
    const exit = await p.stop();
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(alive(p.pid)).toBe(false);
    await expect(p.stop()).resolves.toEqual(exit);
  });

  it('escalates to SIGKILL when the process ignores SIGTERM', async () => {
    const p = await startNode(
      'stubborn',
      'process.on("SIGTERM", () => console.log("ignored")); console.log("ready"); setInterval(() => {}, 1000)',
    );
    while (!p.outputTail().includes('ready')) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const exit = await p.stop({ graceMs: 200 });
    expect(exit.signal).toBe('SIGKILL');
    expect(p.outputTail()).toContain('ignored');
  });

  it('sends SIGKILL at once with kill: true', async () => {
    const p = await startNode('victim', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)');
    expect((await p.stop({ kill: true })).signal).toBe('SIGKILL');
  });

  it('rejects when the command cannot be spawned', async () => {
    await expect(
      SupervisedProcess.start({ name: 'missing', command: '/nonexistent/kgen-binary', args: [] }),
    ).rejects.toThrow(/ENOENT/);
  });

  it('kills its children when the Node process exits without stopping them', async () => {
    const module = fileURLToPath(new URL('../../../runtime/testing/supervised-process.ts', import.meta.url));
    const parent = [
      `const { SupervisedProcess } = await import(${JSON.stringify(module)});`,
      `const p = await SupervisedProcess.start({ name: 'orphan', command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] });`,
      'console.log(p.pid);',
      'process.exit(0);',
    ].join('\n');
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(node, ['--import', 'tsx', '--input-type=module', '-e', parent], (err, out) =>
        err ? reject(err) : resolve(out),
      ),
    );
    const pid = Number(stdout.trim());
    expect(pid).toBeGreaterThan(0);
    // SIGKILL is delivered synchronously in the exit hook; the kernel may need a moment to reap the child.
    for (let i = 0; i < 100 && alive(pid); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(alive(pid)).toBe(false);
  });
});
