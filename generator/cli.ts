// The `kgen` command line: the only module that reads argv, prints, and sets the exit code.
import { hideBin } from 'yargs/helpers';
import { runCli } from './cli/run-cli.js';

process.exitCode = await runCli(hideBin(process.argv), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  ...(process.stdout.columns !== undefined ? { columns: process.stdout.columns } : {}),
});
