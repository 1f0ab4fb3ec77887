// A job's volumes as a virtualized list: the station stays smooth with thousands of volumes.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery';

const ROW_HEIGHT = 32;

export function VolumeList({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const volumes = useQuery('scan.listVolumes', { jobId }, { tables: ['scanVolumes', 'scanVolumeStates'] });
  const parent = useRef<HTMLDivElement>(null);
  const rows = volumes.data ?? [];
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  return (
    <section className="card">
      <h2>{t('scan.setup.volumes', { count: rows.length })}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t('scan.board.empty')}</p>
      ) : (
        // A scrolling region takes focus so a keyboard can scroll it (WCAG 2.1.1; axe scrollable-region-focusable).
        <div ref={parent} className="vlist" role="region" aria-label={t('scan.board.list')} tabIndex={0}>
          <div role="list" aria-label={t('scan.board.list')} style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((item) => {
              const v = rows[item.index];
              return (
                <div key={v.id} role="listitem" className="vlist-row" style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}>
                  <span>{v.code}</span>
                  <span>{v.title}</span>
                  <span>
                    {v.pageCount}/{v.expectedPages}
                  </span>
                  <span>
                    {t(`scan.steps.${v.stepKey}`)}
                    {v.status === 'in_progress' ? `（${t('scan.status.in_progress')}）` : ''}
                  </span>
                  <span>{v.workerName ?? ''}</span>
                </div>
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}
