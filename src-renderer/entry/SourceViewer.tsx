// The source page beside the form: images shown directly, PDF pages rendered with pdf.js; zoom and pan by mouse
// or keyboard (Alt + =/−/0, Alt + arrows) without taking focus from the form.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import type { ErrorPayload } from '../../src-shared/core/errors';
import { ApiError } from '../api/client';
import { ErrorText } from '../ui/ErrorText';
import { renderPdfPage } from './pdf';

export interface View {
  zoom: number;
  x: number;
  y: number;
}

export function SourceViewer({ pageId, label, view, onView }: { pageId: string; label: string; view: View; onView(v: View): void }) {
  const { t } = useTranslation();
  const [src, setSrc] = useState<string | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const drag = useRef<{ x: number; y: number; vx: number; vy: number } | null>(null);

  useEffect(() => {
    let alive = true;
    setSrc(null);
    setError(null);
    call('entry.pageImage', { pageId })
      .then(async (img) => {
        const url = img.mime === 'application/pdf' ? await renderPdfPage(img.base64, img.pageIndex) : `data:${img.mime};base64,${img.base64}`;
        if (alive) setSrc(url);
      })
      .catch((err: unknown) => alive && setError(err instanceof ApiError ? err.payload : { code: 'internal', messageKey: 'errors.internal' }));
    return () => {
      alive = false;
    };
  }, [pageId]);

  return (
    <div className="entry-viewer">
      <div className="entry-viewer-tools">
        <button type="button" onClick={() => onView({ ...view, zoom: Math.max(0.25, view.zoom / 1.25) })}>
          {t('entry.key.zoomOut')}
        </button>
        <button type="button" onClick={() => onView({ ...view, zoom: Math.min(6, view.zoom * 1.25) })}>
          {t('entry.key.zoomIn')}
        </button>
        <button type="button" onClick={() => onView({ zoom: 1, x: 0, y: 0 })}>
          {t('entry.key.fit')}
        </button>
        <span className="muted">{Math.round(view.zoom * 100)}%</span>
      </div>
      <ErrorText error={error} />
      <div
        className="entry-viewer-stage"
        onPointerDown={(e) => {
          drag.current = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
          (e.target as Element).setPointerCapture?.(e.pointerId);
        }}
        onPointerMove={(e) => {
          if (drag.current) onView({ ...view, x: drag.current.vx + e.clientX - drag.current.x, y: drag.current.vy + e.clientY - drag.current.y });
        }}
        onPointerUp={() => (drag.current = null)}
        onWheel={(e) => {
          if (!e.ctrlKey) return;
          onView({ ...view, zoom: Math.min(6, Math.max(0.25, view.zoom * (e.deltaY < 0 ? 1.1 : 1 / 1.1))) });
        }}
      >
        {src ? (
          <img
            src={src}
            alt={label}
            draggable={false}
            style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.zoom})` }}
          />
        ) : (
          !error && <p className="muted">{t('entry.key.loading')}</p>
        )}
      </div>
    </div>
  );
}
