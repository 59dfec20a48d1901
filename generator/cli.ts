// The `kgen` command line: the only module that reads argv, prints, and sets the exit code.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';

await yargs(hideBin(process.argv))
  .scriptName('kgen')
  .usage('$0 <command> [options]\n\nKubernetes code-generator and client-go runtime, in TypeScript.')
  .demandCommand(1, 'Name a command; see the list above.')
  .strict()
  .help()
  .alias('h', 'help')
  .version()
  .parseAsync();
