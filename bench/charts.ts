/**
 * The charts of `npm run bench`, drawn from the results it just wrote, as SVG next to
 * `results.json` (vega-lite, rendered on the server without a browser):
 * - `ratios.svg`: every figure against its floor, with its target and the spread of its rounds;
 * - `serve.svg`: `accountkit serve` and the least-work floor, requests per second side by side;
 * - `django.svg`: accountkit next to the Django app it replaces.
 */
import { writeFileSync } from 'node:fs';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { BenchFigure } from './figure.js';

/** The Django app's throughput on this machine kind (`../shared/PERF.md`, `reference/API.md`). */
const DJANGO = { info: 400, logins: 24 } as const;

const INFO_FIGURE = 'GET <id>/info/ (accountkit serve, SQLite)';
const LOGIN_FIGURE = 'POST token/ (Fastify example, SQLite, Argon2id default cost)';

async function render(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  return `${await view.toSVG()}\n`;
}

const FONT = {
  labelFont: 'sans-serif',
  titleFont: 'sans-serif',
  labelFontSize: 11,
  titleFontSize: 12,
  labelLimit: 900,
} as const;

function ratioChart(results: Record<string, BenchFigure[]>): TopLevelSpec {
  const rows = Object.entries(results).flatMap(([suite, figures]) =>
    figures.map((figure) => ({
      figure: `${suite}: ${figure.name}`,
      ratio: figure.ratio,
      low: figure.spread?.[0] ?? figure.ratio,
      high: figure.spread?.[1] ?? figure.ratio,
      target: figure.target ?? null,
      verdict:
        figure.target === undefined
          ? 'no target'
          : figure.ratio >= figure.target
            ? 'target met'
            : 'target missed',
    })),
  );
  const y = { field: 'figure', type: 'nominal', sort: null, title: null } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Each figure against its floor, measured in the same run (1 = as fast as the floor)',
    config: { axis: FONT, legend: FONT, title: { font: 'sans-serif', fontSize: 13 } },
    width: 420,
    data: { values: rows },
    // Ratios far above 1 (a cheap check against a hash) would flatten the others.
    transform: [
      { calculate: 'min(datum.ratio, 2)', as: 'shown' },
      { calculate: 'datum.target === null ? null : min(datum.target, 2)', as: 'shownTarget' },
    ],
    layer: [
      {
        mark: 'bar',
        encoding: {
          y,
          x: {
            field: 'shown',
            type: 'quantitative',
            title: 'ratio (bars capped at 2; black tick: target; line: spread of the rounds)',
            scale: { domain: [0, 2.2] },
          },
          color: {
            field: 'verdict',
            type: 'nominal',
            scale: {
              domain: ['target met', 'target missed', 'no target'],
              range: ['#4c9a2a', '#d1495b', '#9aa5b1'],
            },
            title: null,
          },
          tooltip: [{ field: 'ratio', format: '.2f' }],
        },
      },
      {
        mark: { type: 'rule', color: '#222' },
        transform: [{ filter: 'datum.low !== datum.high' }],
        encoding: { y, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } },
      },
      {
        mark: { type: 'tick', color: '#222', thickness: 2 },
        transform: [{ filter: 'datum.target !== null' }],
        encoding: { y, x: { field: 'shownTarget', type: 'quantitative' } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 },
        encoding: {
          y,
          x: { field: 'shown', type: 'quantitative' },
          text: { field: 'ratio', type: 'quantitative', format: '.2f' },
        },
      },
    ],
  };
}

function serveChart(figures: readonly BenchFigure[]): TopLevelSpec {
  const rows = figures
    .filter((figure) => figure.unit === 'req/s')
    .flatMap((figure) => [
      { figure: figure.name, side: 'accountkit serve', rate: figure.value },
      { figure: figure.name, side: 'least-work floor', rate: figure.floor },
    ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'accountkit serve next to the least a route does (median req/s, 16 connections)',
    config: { axis: FONT, legend: FONT, title: { font: 'sans-serif', fontSize: 13 } },
    width: 420,
    data: { values: rows },
    mark: 'bar',
    encoding: {
      y: { field: 'figure', type: 'nominal', sort: null, title: null },
      yOffset: { field: 'side' },
      x: { field: 'rate', type: 'quantitative', title: 'requests per second' },
      color: {
        field: 'side',
        type: 'nominal',
        scale: { range: ['#1f6fb2', '#9aa5b1'] },
        title: null,
      },
    },
  };
}

function djangoChart(results: Record<string, BenchFigure[]>): TopLevelSpec | null {
  const info = results.serve?.find((figure) => figure.name === INFO_FIGURE);
  const login = results.http?.find((figure) => figure.name === LOGIN_FIGURE);
  if (info === undefined || login === undefined) return null;
  const rows = [
    { task: 'GET <id>/info/ (req/s)', app: 'Django app (gunicorn, 2 workers)', rate: DJANGO.info },
    { task: 'GET <id>/info/ (req/s)', app: 'accountkit', rate: info.value },
    {
      task: 'POST token/ (logins/s)',
      app: 'Django app (gunicorn, 2 workers)',
      rate: DJANGO.logins,
    },
    { task: 'POST token/ (logins/s)', app: 'accountkit', rate: login.value },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'accountkit next to the Django app it replaces (same machine kind)',
    config: { axis: FONT, legend: FONT, title: { font: 'sans-serif', fontSize: 13 } },
    data: { values: rows },
    facet: {
      row: {
        field: 'task',
        type: 'nominal',
        title: null,
        header: { labelAngle: 0, labelOrient: 'top', labelAlign: 'left', labelFontSize: 12 },
      },
    },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 380,
      layer: [
        {
          mark: 'bar',
          encoding: {
            y: { field: 'app', type: 'nominal', title: null },
            x: { field: 'rate', type: 'quantitative', title: null },
            color: {
              field: 'app',
              type: 'nominal',
              scale: {
                domain: ['accountkit', 'Django app (gunicorn, 2 workers)'],
                range: ['#1f6fb2', '#9aa5b1'],
              },
              legend: null,
            },
          },
        },
        {
          mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 },
          encoding: {
            y: { field: 'app', type: 'nominal' },
            x: { field: 'rate', type: 'quantitative' },
            text: { field: 'rate', type: 'quantitative', format: ',.0f' },
          },
        },
      ],
    },
  };
}

/** Write the charts of `results` into `dir`; the names written. */
export async function writeCharts(
  results: Record<string, BenchFigure[]>,
  dir: URL,
): Promise<string[]> {
  const charts: [string, TopLevelSpec | null][] = [
    ['ratios.svg', ratioChart(results)],
    ['serve.svg', results.serve === undefined ? null : serveChart(results.serve)],
    ['django.svg', djangoChart(results)],
  ];
  const written: string[] = [];
  for (const [name, spec] of charts) {
    if (spec === null) continue;
    writeFileSync(new URL(name, dir), await render(spec));
    written.push(name);
  }
  return written;
}
