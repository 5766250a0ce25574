import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { writeCharts } from './charts.js';
import type { BenchFigure, BenchSuite } from './figure.js';

// Each suite measures its own floor in the same run; figures are ratios against it, because
// absolute numbers on a shared 2-core machine move from run to run.
const SUITES: Record<string, () => Promise<BenchSuite>> = {
  passwords: async () => (await import('./passwords.js')).benchPasswords,
  'failed-logins': async () => (await import('./failed-logins.js')).benchFailedLogins,
  tokens: async () => (await import('./tokens.js')).benchTokens,
  refresh: async () => (await import('./refresh.js')).benchRefresh,
  storage: async () => (await import('./storage.js')).benchStorage,
  http: async () => (await import('./http.js')).benchHttp,
  serve: async () => (await import('./serve.js')).benchServe,
  'password-reset': async () => (await import('./password-reset.js')).benchPasswordReset,
};

const only = process.argv.slice(2);
const resultsFile = new URL('results.json', import.meta.url);
const previous = readPrevious();
const results: Record<string, BenchFigure[]> = { ...previous };

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
      spread: figure.spread === undefined ? '' : figure.spread.map(round).join('–'),
      target: figure.target === undefined ? '' : round(figure.target),
      met: figure.target === undefined ? '' : figure.ratio >= figure.target ? 'yes' : 'NO',
      'last ratio': lastRatio(name, figure.name),
    })),
  );
}

writeFileSync(
  resultsFile,
  `${JSON.stringify({ node: process.version, at: new Date().toISOString(), results }, null, 2)}\n`,
);
process.stdout.write('\nwrote bench/results.json\n');
const charts = await writeCharts(results, new URL('./', resultsFile));
process.stdout.write(`wrote ${charts.map((name) => `bench/${name}`).join(', ')}\n`);

// The committed results of the last run, so each ratio can be read against the previous one.
function readPrevious(): Record<string, BenchFigure[]> {
  if (!existsSync(resultsFile)) return {};
  return (
    JSON.parse(readFileSync(resultsFile, 'utf8')) as { results: Record<string, BenchFigure[]> }
  ).results;
}

function lastRatio(suite: string, figure: string): number | '' {
  const match = previous[suite]?.find((entry) => entry.name === figure);
  return match === undefined ? '' : round(match.ratio);
}

function round(value: number): number {
  return value >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
}
