/**
 * The cost of `mixstudy figures` is measured once and stated once (README.md, "Its cost"); `figures --help`
 * (src/commands/figures.ts), the paper's page (src/paper/paperDocument.ts) and experiments/paper/README.md
 * repeat the same CPU figures, so they cannot drift apart again.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('the cost of figures', () => {
  it('is stated in the README and repeated, with the same numbers, by figures --help, the paper page and experiments/paper/README.md', () => {
    const readme = read('README.md');
    const statement = /\*\*Its cost\*\*[\s\S]*?about (\d+) s of CPU[\s\S]*?about (\d+) minutes of CPU/.exec(readme);
    expect(statement, 'README: "Its cost" with the quick and full CPU times').not.toBeNull();
    const [, quick, full] = statement as RegExpExecArray;
    const help = read('src/commands/figures.ts');
    expect(help).toContain(`quick: about ${quick} s of CPU`);
    expect(help).toContain(`about ${full} min of CPU`);
    expect(read('src/paper/paperDocument.ts')).toContain(`about ${quick} s of CPU time, as the README states`);
    const paperReadme = read('experiments/paper/README.md');
    expect(paperReadme).toContain(`quick about ${quick} s of CPU`);
    expect(paperReadme).toContain(`full about ${full} minutes of CPU`);
    for (const text of [help, paperReadme, readme]) expect(text).not.toMatch(/a few minutes on (2|two) cores|under a\s+minute/);
  });
});
