/** `mixstudy init <dir>`: scaffold a study with an example estimator plugin and data plugin (src/plugins/scaffold.ts). */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { UserError } from '../errors/userError.js';
import { scaffold } from '../plugins/scaffold.js';
import { mixstudyVersion } from './cliArgs.js';

interface InitArgs {
  dir: string;
  name?: string;
}

/** The folder's name as an experiment name: lowercase letters, digits, "-" and "_" (src/config/schema.ts). */
function nameFrom(dir: string): string {
  const name = basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+/, '').slice(0, 100);
  return name === '' ? 'my-study' : name;
}

/** `word` as one POSIX shell word, so the printed next step can be pasted (a folder "My Study" is 'My Study'). */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export const initCommand: CommandModule<object, InitArgs> = {
  command: 'init <dir>',
  describe: 'Start a study of your own: a config, an example estimator plugin and data plugin, a test for each, a README',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'new (or empty) folder for the study' })
      .option('name', { type: 'string', describe: 'experiment name (default: the folder\'s name)' })
      .example('$0 init my-study && cd my-study && npm install && npx mixstudy run study.json', 'scaffold, install, run'),
  handler: (a) => {
    const dir = resolve(a.dir);
    if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
      throw new UserError(`${a.dir}: exists and is not an empty folder; init writes a new study into a new or empty folder`);
    }
    const name = a.name ?? nameFrom(dir);
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(name)) throw new UserError(`--name: must be lowercase letters, digits, "-" and "_", starting with a letter or digit (got "${name}")`);
    const files = scaffold(name);
    const pkg = JSON.parse(files['package.json']) as Record<string, unknown>;
    const withDependency = `${JSON.stringify({ ...pkg, dependencies: { mixstudy: `^${mixstudyVersion()}` } }, null, 2)}\n`;
    for (const [path, text] of Object.entries({ ...files, 'package.json': withDependency })) {
      const target = join(dir, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    process.stderr.write(`wrote ${Object.keys(files).length} files to ${a.dir} (study "${name}"); next: cd ${shellWord(a.dir)} && npm install && npx mixstudy run study.json\n`);
    process.stdout.write(`${dir}\n`);
  },
};
