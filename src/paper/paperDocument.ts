/**
 * The paper as a ReportDocument: title, what the study shows (every number interpolated from the figure
 * modules, which read the results), the design, one section per figure with its lead and figure, the
 * sign-change table, the agreement-with-theory table, fit failures, and provenance. Pure: no I/O.
 */
import { configHash } from '../config/index.js';
import { figure, heading, list, paragraph, table, type Block, type Inline, type ReportDocument, type Table } from '../report/document.js';
import { formatInt, formatSeconds } from '../report/format.js';
import { describeEstimator, mixtureFormula, statusSentence, type ToolVersions } from '../report/narrative.js';
import { failuresByConditionTable } from '../report/tables.js';
import { ROLE_FIGURES, ROLES } from './experiments.js';
import { formatZ } from './numbers.js';
import type { PaperFigure, PaperInputs } from './types.js';

const SECTION_TITLES = [
  'Consistency versus bias',
  'RMSE: the rate of the MLE, the floor of k-means',
  'The asymptotic bias against the separation, and where it changes sign',
  'The small-variance bridge from EM to k-means',
  'Cost',
  'Sampling distributions',
  'Beyond one dimension',
  'Soft versus hard partitions',
  'The Bayesian estimators: posterior means and credible intervals',
  'Confidence intervals: coverage of the truth and of the k-means limit',
];

function summaryText(figs: readonly PaperFigure[]): Inline[][] {
  const k = (i: number, name: string): string => {
    const v = figs[i]?.key[name];
    if (v === undefined) throw new Error(`paper summary: figure ${i + 1} has no key number "${name}"`);
    return v;
  };
  const f1 = (name: string) => k(0, name);
  const changes = Object.entries(figs[2].key)
    .filter(([name]) => name.startsWith('change'))
    .map(([name, v]) => `w = ${name.slice('change'.length)} at Δ/σ = ${v}`);
  return [
    [
      `On 0.5·N(−1, 1) + 0.5·N(1, 1) the Gaussian-mixture MLE is consistent: at n = ${f1('n')} its estimate of the separation of the means is ${f1('mle')} (truth ${f1('truth')}), `,
      `and √n × RMSE is ${k(1, 'mleRootN')} (Fisher information: ${k(1, 'fisher')}). k-means is not: its estimate is ${f1('kmeans')} against the Bryant–Williamson limit ${f1('limit')} — `,
      `the separation of the means of the two truncated halves — a bias of ${f1('kmeansBias')} that no sample size removes. `,
      `k-means is consistent only for that limit: about it, √n × RMSE is ${k(1, 'kmeansLimitRootN')} (Pollard's CLT: ${k(1, 'pollard')}).`,
    ],
    [
      `The bias is not always an overestimate. With unequal weights it changes sign as the components separate (${changes.join('; ')}), after which k-means underestimates the separation; `,
      `as Δ → 0 k-means splits even a single Gaussian into clusters ${k(2, 'split')}σ apart. `,
      `Holding EM's σ at ε and letting ε → 0 turns EM into k-means (at ε = ${k(3, 'epsSmall')}: ${k(3, 'emSmall')}, exact k-means ${k(3, 'kmeans')} on the same samples), `,
      'and the same inconsistency appears for three and four components in two and five dimensions.',
    ],
  ];
}

function designTable(inputs: PaperInputs): Table {
  return {
    id: 'table-design',
    caption: 'The experiments (configs in experiments/paper/<scale>/, one per role).',
    columns: [
      { header: 'config', align: 'left' },
      { header: 'for', align: 'left' },
      { header: 'mechanisms', align: 'left' },
      { header: 'n', align: 'left' },
      { header: 'R', align: 'right' },
      { header: 'estimators', align: 'left' },
      { header: 'fits', align: 'right' },
    ],
    rows: inputs.experiments.map((e) => {
      const c = e.config;
      const r = inputs.results[e.role];
      const mech = c.mixtures.length === 1 ? mixtureFormula({ ...c.mixtures[0], theory: r.summary.mixtures[0].theory }) : `${c.mixtures.length} mixtures (${c.mixtures.map((m) => m.id).slice(0, 3).join(', ')}${c.mixtures.length > 3 ? ', …' : ''})`;
      const ns = c.n.length <= 3 ? c.n.map(formatInt).join(', ') : `${formatInt(c.n[0])} … ${formatInt(c.n[c.n.length - 1])} (${c.n.length} values)`;
      return [
        e.file.replace(/^.*experiments\//, 'experiments/'),
        ROLE_FIGURES[e.role],
        mech,
        ns,
        formatInt(c.replications),
        c.estimators.map((x) => x.id).join(', '),
        formatInt(r.rows.length),
      ];
    }),
    note: 'Samples are nested within a replication (smaller n are prefixes of the largest). Each replication draws from its own hashed seed stream, so results do not depend on workers or order.',
  };
}

function checksTable(figs: readonly PaperFigure[]): Table {
  return {
    id: 'table-agreement',
    caption: 'Simulation against theory. z = (simulation − theory)/SE, with the SE of the simulation (and of the theory value where it is itself Monte Carlo).',
    columns: [
      { header: 'comparison', align: 'left' },
      { header: 'simulation ± MCSE', align: 'right' },
      { header: 'theory', align: 'right' },
      { header: 'z', align: 'right' },
    ],
    rows: figs.flatMap((f) => f.checks.map((c) => [c.what, c.simulation, c.theory, formatZ(c.z).replace('z = ', '')])),
    note: 'With this many comparisons a few |z| between 2 and 3 are expected by chance; |z| > 4 would be a disagreement to explain.',
  };
}

function provenanceTable(inputs: PaperInputs, tools: ToolVersions): Table {
  const rows = ROLES.map((role) => {
    const { manifest, summary } = inputs.results[role];
    // Sessions that ran replications; a session that only found the results complete adds nothing (and
    // counting it would change the paper every time it is regenerated).
    const sessions = manifest.sessions.filter((s) => s.tasksRun > 0);
    const wall = sessions.reduce((a, s) => a + (s.wallSeconds ?? 0), 0);
    const workers = [...new Set(sessions.map((s) => s.workers))].join(', ');
    const env = manifest.environment;
    const hashOk = configHash(manifest.config) === summary.configHash;
    return [
      summary.name,
      `${summary.configHash.slice(0, 12)}${hashOk ? '' : ' (MISMATCH)'}`,
      String(summary.seed),
      env.gitCommit === null ? '–' : env.gitCommit.slice(0, 12) + (env.gitCommit.endsWith('+dirty') ? '+dirty' : ''),
      `${formatSeconds(wall)} (${sessions.length} session${sessions.length === 1 ? '' : 's'}, workers ${workers})`,
      `${env.node}, ${env.cpu} × ${env.cores}`,
    ];
  });
  return {
    id: 'table-provenance',
    caption: `Provenance of the results (mixstudy ${inputs.results.canonical.manifest.environment.packageVersion}; figures drawn with vega ${tools.vega}, vega-lite ${tools.vegaLite}).`,
    columns: [
      { header: 'experiment', align: 'left' },
      { header: 'config hash', align: 'left' },
      { header: 'seed', align: 'left' },
      { header: 'git commit', align: 'left' },
      { header: 'run wall time', align: 'right' },
      { header: 'Node, CPU', align: 'left' },
    ],
    rows,
    note: 'The config hash is the SHA-256 of the normalised config; results are reused only when it matches. Full configs and manifests are in results/<experiment>/manifest.json.',
  };
}

export function paperDocument(inputs: PaperInputs, figs: readonly PaperFigure[], tools: ToolVersions): ReportDocument {
  if (figs.length !== SECTION_TITLES.length) throw new Error(`the paper has ${SECTION_TITLES.length} figures, got ${figs.length}`);
  const scale = inputs.settings.scale;
  const blocks: Block[] = [];
  blocks.push(
    paragraph(
      { em: `${scale === 'quick' ? 'Quick' : 'Full'} scale.` },
      ' Regenerate everything on this page with ',
      { code: `mixstudy figures --scale ${scale}` },
      scale === 'quick'
        ? ' (about 165 s of CPU time, as the README states; results are reused when their config is unchanged). The publication scale is '
        : ' (results are reused when their config is unchanged); the quick version is ',
      { code: `--scale ${scale === 'quick' ? 'full' : 'quick'}` },
      '. Every simulated number is given as estimate ± Monte Carlo standard error (MCSE), computed from the results files.',
    ),
  );
  blocks.push(heading('What the study shows'), ...summaryText(figs).map((p) => paragraph(...p)));
  blocks.push(
    heading('Design'),
    paragraph(
      'Samples are drawn from known spherical Gaussian mixtures. k-means is the globally optimal one-dimensional k-means in 1-D (the Bryant–Williamson limit is the limit of the global optimum) ',
      'and Lloyd’s algorithm with k-means++ seeding and restarts in d > 1; the MLE is EM for a spherical mixture with one shared σ and estimated weights, started from k-means.',
    ),
    table(designTable(inputs)),
    list(inputs.experiments.map((e) => [{ strong: e.config.name }, `: ${e.config.estimators.map((x) => `${x.id} — ${describeEstimator(x)}`).join('; ')}.`])),
  );
  figs.forEach((f, i) => {
    blocks.push(heading(`${i + 1}. ${SECTION_TITLES[i]}`), paragraph(...f.lead), figure(f.figure));
    for (const t of f.tables ?? []) blocks.push(table(t));
  });
  blocks.push(heading('Agreement with theory'), table(checksTable(figs)));
  blocks.push(heading('Fit failures'));
  for (const role of ROLES) {
    const { summary, rows } = inputs.results[role];
    blocks.push(paragraph({ strong: summary.name }, `: ${statusSentence(rows)}`));
    const t = failuresByConditionTable(summary, rows);
    if (t !== null) blocks.push(table({ ...t, id: `${t.id}-${role}`, caption: `${summary.name}: ${t.caption}` }));
  }
  blocks.push(heading('Provenance'), table(provenanceTable(inputs, tools)));
  return { title: 'k-means is consistent for the wrong target: the Gaussian-mixture MLE against k-means (Bryant & Williamson 1978)', blocks };
}
