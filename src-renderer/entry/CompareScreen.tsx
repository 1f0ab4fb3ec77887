// Adjudication: the two blind keyings side by side, mismatches only, the source page at hand; the leader decides.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompareView } from '../../src-shared/entry/contract';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { useAppStore } from '../app/store';
import { ErrorText } from '../ui/ErrorText';
import { useAction } from '../ui/useAction';
import { SourceViewer, type View } from './SourceViewer';
import { useEntryNav } from './store';
import './entry.css';

export function CompareScreen() {
  const { t } = useTranslation();
  const unitId = useEntryNav((s) => s.unitId);
  const view = useQuery('entry.compare', { unitId: unitId ?? '' }, { enabled: Boolean(unitId), tables: ['entryResolutions', 'entryUnits'] });
  if (!unitId) return null;
  if (view.error) return <ErrorText error={view.error} />;
  if (!view.data) return <p className="muted">{t('app.loading')}</p>;
  return <Adjudicate key={unitId} data={view.data} />;
}

function Adjudicate({ data }: { data: CompareView }) {
  const { t } = useTranslation();
  const navigate = useAppStore((s) => s.navigate);
  const { comparison, unit, template, pages } = data;
  const [decisions, setDecisions] = useState<Record<string, string>>(() => ({ ...data.resolutions }));
  const [pageId, setPageId] = useState(comparison.mismatches[0]?.key.split(':')[0] ?? pages[0]?.id ?? '');
  const [viewState, setView] = useState<View>({ zoom: 1, x: 0, y: 0 });
  const labels = new Map([...template.def.header, ...template.def.row].map((f) => [f.key, f.label]));
  const pageSeq = new Map(pages.map((p, i) => [p.id, i + 1]));
  const totals = comparison.fields.reduce((s, f) => ({ c: s.c + f.compared, a: s.a + f.agreed }), { c: 0, a: 0 });

  const resolve = useAction(async () => {
    const items = comparison.mismatches
      .filter((m) => decisions[`${m.key}|${m.field}`] !== undefined && decisions[`${m.key}|${m.field}`] !== data.resolutions[`${m.key}|${m.field}`])
      .map((m) => {
        const [pid, row] = m.key.split(':');
        return { pageId: pid, rowNo: Number(row), field: m.field, value: decisions[`${m.key}|${m.field}`] };
      });
    if (items.length) await call('entry.resolve', { unitId: unit.id, items });
  });
  const verify = useAction(async () => {
    await resolve.run();
    await call('entry.review', { unitId: unit.id, to: 'verified', note: '' });
    navigate('entry/review');
  });

  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('entry.compare.title', { label: unit.label })}</h1>
        <span className="badge warn">{t('entry.compare.mismatches', { count: comparison.mismatches.length })}</span>
        <span className="muted">{t('entry.compare.agreement', { rate: `${((totals.a / (totals.c || 1)) * 100).toFixed(1)}%` })}</span>
      </header>
      <ErrorText error={resolve.error ?? verify.error} />
      <div className="entry-layout">
        {pageId ? <SourceViewer pageId={pageId} label={t('entry.key.sourceAlt', { n: pageSeq.get(pageId) ?? 1 })} view={viewState} onView={setView} /> : <div />}
        <div>
          {comparison.mismatches.length === 0 && <p>{t('entry.compare.none')}</p>}
          <table className="table">
            <thead>
              <tr>
                <th>{t('entry.batches.label')}</th>
                <th>{t('entry.batches.field')}</th>
                <th>{t('entry.compare.first', { name: data.keyer1Name })}</th>
                <th>{t('entry.compare.second', { name: data.keyer2Name })}</th>
                <th>{t('entry.compare.choose')}</th>
              </tr>
            </thead>
            <tbody>
              {comparison.mismatches.map((m) => {
                const id = `${m.key}|${m.field}`;
                const [pid, row] = m.key.split(':');
                const where = t('entry.compare.where', { page: pageSeq.get(pid) ?? '?', row: row === '0' ? t('entry.compare.header') : t('entry.compare.rowN', { row }) });
                const label = `${where} ${labels.get(m.field) ?? m.field}`;
                return (
                  <tr key={id} onFocus={() => setPageId(pid)} onClick={() => setPageId(pid)}>
                    <td>{where}</td>
                    <td>{labels.get(m.field) ?? m.field}</td>
                    <td>
                      <button type="button" className="link" aria-label={`${label} ← ${m.first}`} onClick={() => setDecisions({ ...decisions, [id]: m.first })}>
                        <span className="entry-compare-value">{m.first || '—'}</span>
                      </button>
                    </td>
                    <td>
                      <button type="button" className="link" aria-label={`${label} ← ${m.second}`} onClick={() => setDecisions({ ...decisions, [id]: m.second })}>
                        <span className="entry-compare-value">{m.second || '—'}</span>
                      </button>
                    </td>
                    <td>
                      <input aria-label={`${t('entry.compare.choose')} ${label}`} value={decisions[id] ?? ''} onChange={(e) => setDecisions({ ...decisions, [id]: e.target.value })} />
                      {data.resolutions[id] !== undefined && <span className="badge ok">{t('entry.compare.resolved')}</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="actions">
            <button type="button" disabled={resolve.busy} onClick={() => void resolve.run()}>
              {t('entry.compare.resolve')}
            </button>
            <button type="button" className="primary" disabled={verify.busy} onClick={() => void verify.run()}>
              {t('entry.compare.verify')}
            </button>
          </div>
        </div>
      </div>
    </section>
  );
}
