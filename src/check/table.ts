/**
 * Text and JSON renderings of a check report. The table lists every measure that moved (not the first):
 * baseline ± MCSE, new ± MCSE, the difference and its SE, z = diff/SE, its two-sided p-value and the verdict;
 * regressions first, then by |z|. Invariants follow as their own rows. Values are printed with 6 significant digits, MCSEs and SEs
 * with 2, so a change of a fraction of an MCSE stays visible in the diff column.
 */
import type { InvariantRow } from './invariants.js';
import { isFailure, type Comparison } from './measures.js';
import type { CheckReport } from './runCheck.js';
import type { ValueWithMcse } from '../performance/types.js';

function sig(x: number | null, digits: number): string {
  if (x === null) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  return Number(x.toPrecision(digits)).toString();
}

function signed(x: number | null, digits: number): string {
  if (x === null) return '—';
  const s = sig(x, digits);
  return x > 0 ? `+${s}` : s;
}

function pm(v: ValueWithMcse | null): string {
  if (v === null) return '—';
  return v.mcse === null ? sig(v.value, 6) : `${sig(v.value, 6)} ± ${sig(v.mcse, 2)}`;
}

function zText(z: number | null): string {
  if (z === null) return '—';
  if (!Number.isFinite(z)) return z > 0 ? '+∞' : '−∞';
  return (z >= 0 ? '+' : '') + z.toFixed(2);
}

/** Left-aligned columns separated by two spaces. */
export function columns(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

const VERDICT: Record<Comparison['verdict'], string> = {
  identical: 'identical',
  negligible: 'negligible',
  ok: 'ok',
  regression: 'REGRESSION',
  new: 'new',
  missing: 'MISSING',
  diagnostic: 'moved (diagnostic)',
};

function pValueText(p: number | null): string {
  if (p === null) return '—';
  return p === 0 ? '0' : p < 1e-3 ? p.toExponential(1) : p.toPrecision(2);
}

function movedTable(rows: readonly Comparison[]): string {
  const sorted = [...rows].sort((a, b) => {
    const fa = isFailure(a.verdict) ? 0 : 1;
    const fb = isFailure(b.verdict) ? 0 : 1;
    if (fa !== fb) return fa - fb;
    const za = a.z === null ? -1 : Math.abs(a.z);
    const zb = b.z === null ? -1 : Math.abs(b.z);
    return zb - za;
  });
  return columns(
    ['condition', 'estimator', 'estimand', 'measure', 'baseline ± MCSE', 'new ± MCSE', 'diff', 'SE(diff)', 'z', 'p', 'mode', 'verdict'],
    sorted.map((c) => [
      c.condition,
      c.estimator,
      c.estimand,
      c.measure,
      pm(c.base),
      pm(c.next),
      signed(c.diff, 3),
      sig(c.se, 2),
      zText(c.z),
      pValueText(c.p),
      c.mode,
      VERDICT[c.verdict] + (c.note === undefined ? '' : ` (${c.note})`),
    ]),
  );
}

function invariantTable(rows: readonly InvariantRow[]): string {
  return columns(
    ['invariant', 'mixture', 'n', 'estimator', 'estimand', 'target', 'estimate ± MCSE', 'z', 'p', 'verdict'],
    rows.map((r) => [
      r.kind === 'kmeans-limit' ? 'k-means → population limit' : 'MLE → truth',
      r.mixture,
      String(r.n),
      r.estimator,
      r.estimand,
      r.target === null ? '—' : `${r.kind === 'kmeans-limit' ? 'limit' : 'truth'} ${sig(r.target, 6)}`,
      pm(r.estimate),
      zText(r.z),
      pValueText(r.p),
      (r.verdict === 'fail' ? 'FAIL' : r.verdict) + (r.note === undefined ? '' : ` (${r.note})`),
    ]),
  );
}

export function formatReport(r: CheckReport): string {
  const out: string[] = [];
  const commit = r.baseline.gitCommit === null ? 'unknown commit' : `commit ${r.baseline.gitCommit.slice(0, 12)}${r.baseline.gitCommit.endsWith('+dirty') ? '+dirty' : ''}`;
  out.push(`mixstudy check ${r.name}: ${r.mode} mode — ${r.modeReason}`);
  out.push(`baseline: ${r.baseline.path} (written ${r.baseline.createdAt}, run at ${commit}; seed ${JSON.stringify(r.baseline.seed)}, ${r.baseline.replications} replications)`);
  out.push(`new run:  ${r.results.dir}${r.results.reused ? ' (reused)' : ' (fresh run)'}`);
  const family =
    r.family.alpha === null
      ? 'each measure judged alone (no family-wise correction)'
      : `and significant by Holm's procedure at family-wise α = ${r.family.alpha} over ${r.family.tests} tests`;
  out.push(
    `thresholds: regression when |z| > ${r.thresholds.z} ${family}; changes ≤ ${r.thresholds.negligible}·MCSE_base are negligible; ` +
      `diagnostics are shown, never a failure. ${r.counts.measures} measures in ${r.counts.cells} cells (${r.counts.paired} paired).`,
  );
  out.push('');
  if (r.bitIdentical) {
    out.push(`bit-identical: replications.ndjson has the baseline's sha256 (${r.results.replicationsSha256.slice(0, 16)}…) and all ${r.counts.measures} measures are identical.`);
  } else {
    const moved = r.comparisons.filter((c) => c.verdict !== 'identical');
    if (moved.length === 0) {
      out.push('no measure moved (every compared value identical), but replications.ndjson differs from the baseline\'s in unchecked fields.');
    } else {
      const shaNote = r.mode === 'paired' ? ' (not bit-identical: replications.ndjson differs from the baseline\'s)' : '';
      out.push(`${moved.length} of ${r.counts.measures} measures moved, ${r.counts.regressions} of them regressions${shaNote}:`);
      out.push(movedTable(moved));
    }
  }
  out.push('');
  out.push(`scientific invariants at the largest n (|θ̄ − target| ≤ ${r.thresholds.z}·MCSE, in the same family-wise correction):`);
  out.push(r.invariants.length === 0 ? '(none apply: no k-means or EM estimator)' : invariantTable(r.invariants));
  out.push('');
  const verdict = r.passed ? 'PASS' : 'FAIL';
  const why: string[] = [];
  if (r.counts.regressions > 0) why.push(`${r.counts.regressions} measures regressed (beyond z = ${r.thresholds.z}${r.family.alpha === null ? '' : ', family-wise significant'}) or went missing`);
  if (r.counts.invariantsFailed > 0) why.push(`${r.counts.invariantsFailed} invariants failed`);
  if (r.counts.invariantsSkipped > 0) why.push(`${r.counts.invariantsSkipped} invariants skipped (see notes)`);
  if (r.family.notConfirmed > 0) why.push(`${r.family.notConfirmed} beyond |z| = ${r.thresholds.z} but not significant family-wise`);
  if (r.family.diagnosticsMoved > 0) why.push(`${r.family.diagnosticsMoved} diagnostics moved (never a failure)`);
  out.push(`${verdict} ${r.name} [${r.mode}${r.bitIdentical ? ', bit-identical' : ''}]${why.length > 0 ? ': ' + why.join('; ') : ''}`);
  return out.join('\n') + '\n';
}

/** JSON of the report; non-finite z (SE = 0) becomes the strings "Infinity" / "-Infinity". */
export function reportJson(r: CheckReport): string {
  return JSON.stringify(r, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value), 2) + '\n';
}
