// One volume at the station: where it is, the next step with the fields needed to close it, pages, tiles,
// originals, send-backs to rework, and its history.
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VolumeDetail } from '../../src-shared/scan/views';
import { call } from '../api/client';
import { normalizeDigits } from '../../src-shared/core/japanese-input';
import { ConfirmPanel } from '../ui/ConfirmPanel';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { eventDetails } from './event-text';
import { useIsLeader } from './useIsLeader';
import { formatDateTime } from '../../src-shared/core/time';

interface Props {
  detail: VolumeDetail;
  onChange(detail: VolumeDetail): void;
  afterAction(): void;
}

export function VolumePanel({ detail, onChange, afterAction }: Props) {
  const { t } = useTranslation();
  const leader = useIsLeader();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pages, setPages] = useState({ count: '', composite: '0', rows: '2', cols: '2' });
  // What is waiting for a yes: registering beyond the planned pages, or completing the scan with more than planned.
  const [asking, setAsking] = useState<{ kind: 'register'; total: number } | { kind: 'complete' } | null>(null);
  const [registered, setRegistered] = useState<{ before: number; after: number } | null>(null);
  const act = useAction(async (fn: () => Promise<VolumeDetail>) => {
    onChange(await fn());
    afterAction();
  });
  const v = detail.volume;
  const over = v.expectedPages > 0 && detail.pageCount > v.expectedPages;
  const registerTotal = (total: number) => {
    setAsking(null);
    const before = detail.pageCount;
    const composite = Number(pages.composite) > 0 ? { pages: Number(pages.composite), rows: Number(pages.rows), cols: Number(pages.cols) } : undefined;
    void act.run(async () => {
      setRegistered(null);
      const next = await call('scan.registerPages', { volumeId: v.id, mode: 'total', count: total, ...(composite ? { composite } : {}) });
      setRegistered({ before, after: next.pageCount });
      return next;
    });
  };
  const complete = (stepKey: Exclude<VolumeDetail['stepKey'], 'done'>) => {
    setAsking(null);
    void act.run(() =>
      call('scan.completeStep', { volumeId: v.id, stepKey, fields }).then((d) => {
        setFields({});
        return d;
      }),
    );
  };
  const stepName = t(`scan.steps.${detail.next.stepKey}`);
  const order = detail.workflow.map((s) => s.key);
  const currentIndex = detail.stepKey === 'done' ? order.length : order.indexOf(detail.stepKey);

  return (
    <article className="card scan-volume" aria-label={v.code}>
      <h2>
        {v.code} {v.title}
      </h2>
      <dl className="facts">
        <dt>{t('scan.columns.shelfNo')}</dt>
        <dd>{v.shelfNo || '—'}</dd>
        <dt>{t('scan.columns.format')}</dt>
        <dd>{t(`scan.formats.${v.format}`)}</dd>
        <dt>{t('scan.station.pages')}</dt>
        <dd>
          {detail.pageCount} / {v.expectedPages}
          {over && (
            <span className="warning" role="note">
              {' '}
              {t('scan.station.overPlanned', { count: detail.pageCount, planned: v.expectedPages })}
            </span>
          )}
        </dd>
        {/* The city's own columns (備考 …) as its list wrote them: the station sees the note on the volume. */}
        {Object.entries(v.extra ?? {}).map(([name, value]) => (
          <Fragment key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
        <dt>{t('scan.station.originals')}</dt>
        <dd>{t(`scan.originals.${detail.originals}`)}</dd>
        <dt>{t('scan.station.current')}</dt>
        <dd data-testid="current-step">
          {t(`scan.steps.${detail.stepKey}`)}
          {detail.stepKey !== 'done' && `（${t(`scan.status.${detail.status}`)}${detail.workerName ? `・${detail.workerName}` : ''}）`}
        </dd>
      </dl>
      <ol className="scan-steps">
        {order.map((key, i) => (
          <li key={key} className={i < currentIndex ? 'done' : i === currentIndex ? 'current' : ''}>
            {t(`scan.steps.${key}`)}
          </li>
        ))}
      </ol>

      {detail.stepKey === 'done' && <p>{t('scan.station.done')}</p>}
      {detail.next.action !== 'none' && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            const stepKey = detail.next.stepKey as Exclude<VolumeDetail['stepKey'], 'done'>;
            if (detail.next.action === 'start') void act.run(() => call('scan.startStep', { volumeId: v.id, stepKey }));
            else if (stepKey === 'scan' && over) setAsking({ kind: 'complete' });
            else complete(stepKey);
          }}
        >
          {detail.next.action === 'complete' &&
            detail.next.requiredFields.map((f) => (
              <Field key={f} label={t(`scan.fields.${f}`)}>
                <input name={f} value={fields[f] ?? ''} onChange={(e) => setFields({ ...fields, [f]: e.target.value })} />
              </Field>
            ))}
          <button type="submit" className="primary">
            {t(detail.next.action === 'start' ? 'scan.station.start' : 'scan.station.complete', { step: stepName })}
          </button>
          {detail.next.blockedReason && (
            <span className="muted" role="note">
              {t('scan.station.blocked')}
              {t(detail.next.blockedReason.key, detail.next.blockedReason.params)}
            </span>
          )}
        </form>
      )}
      <ErrorText error={act.error} />

      {leader && detail.originals !== 'returned' && (
        <div className="actions">
          {detail.originals === 'pending' && (
            <button type="button" onClick={() => void act.run(() => call('scan.moveOriginals', { volumeId: v.id, direction: 'in' }))}>
              {t('scan.station.originalsIn')}
            </button>
          )}
          {detail.originals === 'in' && detail.stepKey === 'return' && (
            <button type="button" onClick={() => void act.run(() => call('scan.moveOriginals', { volumeId: v.id, direction: 'out' }))}>
              {t('scan.station.originalsOut')}
            </button>
          )}
        </div>
      )}

      {detail.stepKey === 'scan' && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            const total = Number(normalizeDigits(pages.count));
            if (v.expectedPages > 0 && total > v.expectedPages) setAsking({ kind: 'register', total });
            else registerTotal(total);
          }}
        >
          <Field label={t('scan.station.pageCount')}>
            <input name="pageCount" inputMode="numeric" value={pages.count} onChange={(e) => setPages({ ...pages, count: e.target.value })} />
          </Field>
          <Field label={t('scan.station.compositePages')}>
            <input name="compositePages" inputMode="numeric" value={pages.composite} onChange={(e) => setPages({ ...pages, composite: e.target.value })} />
          </Field>
          <Field label={t('scan.station.tileRows')}>
            <input name="tileRows" inputMode="numeric" value={pages.rows} onChange={(e) => setPages({ ...pages, rows: e.target.value })} />
          </Field>
          <Field label={t('scan.station.tileCols')}>
            <input name="tileCols" inputMode="numeric" value={pages.cols} onChange={(e) => setPages({ ...pages, cols: e.target.value })} />
          </Field>
          <button type="submit">{t('scan.station.registerPages')}</button>
        </form>
      )}
      {registered && (
        <p role="status">
          {registered.after === registered.before
            ? t('scan.station.registeredSame', { count: registered.after })
            : t('scan.station.registered', { count: registered.after, added: registered.after - registered.before })}
        </p>
      )}
      {asking?.kind === 'register' && (
        <ConfirmPanel
          title={t('scan.station.confirmOver.title', { count: asking.total, planned: v.expectedPages })}
          confirmLabel={t('scan.station.confirmOver.yes', { count: asking.total })}
          onConfirm={() => registerTotal(asking.total)}
          onCancel={() => setAsking(null)}
        >
          <p>{t('scan.station.confirmOver.body', { registered: detail.pageCount })}</p>
        </ConfirmPanel>
      )}
      {asking?.kind === 'complete' && (
        <ConfirmPanel
          title={t('scan.station.confirmCompleteOver.title', { count: detail.pageCount, planned: v.expectedPages })}
          confirmLabel={t('scan.station.confirmCompleteOver.yes')}
          onConfirm={() => complete('scan')}
          onCancel={() => setAsking(null)}
        >
          <p>{t('scan.station.confirmCompleteOver.body')}</p>
        </ConfirmPanel>
      )}

      {detail.composites.length > 0 && (
        <section>
          <h3>{t('scan.station.composites')}</h3>
          {detail.composites.map((c) => {
            const have = new Set(c.captured.map((x) => `${x.row}:${x.col}`));
            return (
              <div key={c.pageId} className="tile-page">
                <span>{t('scan.qc.page', { page: c.pageNo })}</span>{' '}
                <span className="muted">{t('scan.station.tilesLeft', { count: c.rows * c.cols - have.size })}</span>
                <div className="tile-grid" style={{ gridTemplateColumns: `repeat(${c.cols}, auto)` }}>
                  {Array.from({ length: c.rows * c.cols }, (_, i) => {
                    const row = Math.floor(i / c.cols) + 1;
                    const col = (i % c.cols) + 1;
                    const done = have.has(`${row}:${col}`);
                    return (
                      <button
                        key={i}
                        type="button"
                        className={done ? 'captured' : ''}
                        disabled={done}
                        aria-label={t('scan.station.captureTile', { row, col })}
                        onClick={() => void act.run(() => call('scan.captureTiles', { pageId: c.pageId, tiles: [{ row, col }] }))}
                      >
                        {t('scan.station.tile', { row, col })}
                      </button>
                    );
                  })}
                </div>
              </div>
            );
          })}
        </section>
      )}

      {detail.rework.length > 0 && (
        <section>
          <h3>{t('scan.station.rework')}</h3>
          <ul>
            {detail.rework.map((r) => (
              <li key={r.pageId}>
                {t('scan.qc.page', { page: r.pageNo })}・{t(`scan.steps.${r.stepKey}`)}・{r.note}{' '}
                <button type="button" onClick={() => void act.run(() => call('scan.completeRework', { pageId: r.pageId }))}>
                  {t('scan.station.reworkDone')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section>
        <h3>{t('scan.station.history')}</h3>
        <table className="table">
          <tbody>
            {detail.events.map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(e.at)}</td>
                <td>{t(`scan.events.${e.kind}`)}</td>
                <td>{e.stepKey ? t(`scan.steps.${e.stepKey}`) : ''}</td>
                <td>{e.pageNo ? t('scan.qc.page', { page: e.pageNo }) : ''}</td>
                <td>{e.who}</td>
                <td>{eventDetails(t, e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  );
}
