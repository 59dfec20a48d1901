// Process entry of the replay server: `node --import tsx replay-server-main.ts --count N [--watch-updates M]`.
// Prints one JSON line {"url": ...} once listening; exits on SIGTERM or when stdin closes (its parent is gone).
import { ReplayServer } from './replay-server.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const server = new ReplayServer({ count: flag('count', 1000), watchUpdates: flag('watch-updates', 0) });
const url = await server.listen();
console.log(JSON.stringify({ url, meanObjectBytes: server.meanObjectBytes() }));
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
