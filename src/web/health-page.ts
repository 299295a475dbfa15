import type { RunRow } from '../store/schema.js';
import type { SourceHealth } from '../store/source-verdict.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';
import { timeWords } from './words.js';

export interface SourceView {
  key: string;
  name: string;
  url: string;
  health: SourceHealth;
  /** Its latest runs, newest first. */
  runs: readonly RunRow[];
}

const VERDICT_WORDS: Record<SourceHealth['verdict'], string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  failing: 'Failing',
  never_run: 'Never run',
};

/** `jps health` for a browser: each source's verdict and why, its entry URL and its latest runs. */
export function healthPage(sources: readonly SourceView[], maxAgeWords: string): SafeHtml {
  const counts = new Map<string, number>();
  for (const source of sources)
    counts.set(source.health.verdict, (counts.get(source.health.verdict) ?? 0) + 1);
  return layout({
    title: 'Sources',
    current: 'health',
    body: html`<h1>Sources</h1>
      <p>
        ${(['healthy', 'degraded', 'failing', 'never_run'] as const)
          .filter((verdict) => counts.has(verdict))
          .map((verdict) => `${counts.get(verdict)} ${VERDICT_WORDS[verdict].toLowerCase()}`)
          .join(', ')}.
        A source is degraded when it has no success within ${maxAgeWords}, its last run was partial, its rows
        fell by more than half or it skipped over a tenth of them; failing when its last run failed or read
        nothing.
      </p>
      <div class="sources">${sources.map(sourceCard)}</div>`,
  });
}

function sourceCard(source: SourceView): SafeHtml {
  const { health } = source;
  const headingId = `source-${source.key}`;
  return html`<section class="card" aria-labelledby="${headingId}" data-source="${source.key}">
    <h2 id="${headingId}">${source.name}</h2>
    <p>
      <span class="badge v-${health.verdict}" data-verdict="${health.verdict}"
        >${VERDICT_WORDS[health.verdict]}</span
      >
      <span class="muted">${source.key}</span>
    </p>
    ${
      health.reasons.length > 0
        ? html`<ul class="reasons">
            ${health.reasons.map((reason) => html`<li>${reason}</li>`)}
          </ul>`
        : ''
    }
    <p>Entry URL: <a href="${source.url}" rel="noreferrer" class="id">${source.url}</a></p>
    ${health.last_success ? html`<p>Last success: ${timeWords(health.last_success.started_at)}</p>` : ''}
    ${source.runs.length === 0 ? '' : runsTable(source)}
  </section>`;
}

function runsTable(source: SourceView): SafeHtml {
  return html`<div class="scroll" tabindex="0" role="region" aria-label="Latest runs of ${source.name}">
    <table>
      <caption class="visually-hidden">
        Latest runs of ${source.name}, newest first
      </caption>
      <thead>
        <tr>
          <th scope="col">Started</th>
          <th scope="col">Status</th>
          <th scope="col">Rows</th>
          <th scope="col">Added</th>
          <th scope="col">Changed</th>
          <th scope="col">Removed</th>
          <th scope="col">Restored</th>
          <th scope="col">Skipped</th>
          <th scope="col">Coverage</th>
        </tr>
      </thead>
      <tbody>
        ${source.runs.map(
          (run) =>
            html`<tr data-run="${run.id}">
              <td>${timeWords(run.started_at)}</td>
              <td>
                ${run.status}${
                  run.error_message
                    ? html`<span class="id error">${run.error_message}</span>`
                    : run.partial_reason
                      ? html`<span class="id">${run.partial_reason}</span>`
                      : ''
                }
              </td>
              <td>${run.rows_read.toLocaleString('en-US')}</td>
              <td>${run.added.toLocaleString('en-US')}</td>
              <td>${run.updated.toLocaleString('en-US')}</td>
              <td>${run.removed.toLocaleString('en-US')}</td>
              <td>${run.restored.toLocaleString('en-US')}</td>
              <td>${run.skipped.toLocaleString('en-US')}</td>
              <td>${coverageWords(run)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** A fraction as a percentage; a run with no coverage recorded read its whole file, unless it failed. */
function coverageWords(run: RunRow): string {
  if (run.coverage !== null) return `${Math.round(run.coverage * 1000) / 10}%`;
  return run.status === 'failed' || run.status === 'running' ? '—' : 'complete';
}
