import { mkdirSync, writeFileSync } from 'node:fs';
import type { BenchFigure, BenchSuite } from './figure.js';

// Each suite measures its own floor in the same run; figures are ratios against it, because
// absolute numbers on a shared 2-core machine move from run to run.
const SUITES: Record<string, () => Promise<BenchSuite>> = {
  passwords: async () => (await import('./passwords.js')).benchPasswords,
  tokens: async () => (await import('./tokens.js')).benchTokens,
  storage: async () => (await import('./storage.js')).benchStorage,
  http: async () => (await import('./http.js')).benchHttp,
};

const only = process.argv.slice(2);
const results: Record<string, BenchFigure[]> = {};

for (const [name, load] of Object.entries(SUITES)) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stdout.write(`\n# ${name}\n`);
  const figures = await (await load())();
  results[name] = figures;
  console.table(
    figures.map((figure) => ({
      figure: figure.name,
      value: `${round(figure.value)} ${figure.unit}`,
      floor: `${round(figure.floor)} (${figure.floorName})`,
      ratio: round(figure.ratio),
      target: figure.target ?? '',
      met: figure.target === undefined ? '' : figure.ratio >= figure.target ? 'yes' : 'NO',
    })),
  );
}

mkdirSync(new URL('.', import.meta.url), { recursive: true });
writeFileSync(
  new URL('results.json', import.meta.url),
  `${JSON.stringify({ node: process.version, at: new Date().toISOString(), results }, null, 2)}\n`,
);
process.stdout.write('\nwrote bench/results.json\n');

function round(value: number): number {
  return value >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
}
