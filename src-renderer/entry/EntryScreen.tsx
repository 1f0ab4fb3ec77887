// The keyer's screen: the source page beside the form, keyboard only. Enter moves forward and wraps inside the form
// (the keying habit), Tab moves forward in page order and leaves the form after its last field (no keyboard trap,
// WCAG 2.1.2), Shift moves back, Esc leaves the grid for the submit button, F2 or Ctrl+D copies the field from the row
// above, PageUp/PageDown turn pages, Alt+=/−/0 zoom and Alt+arrows pan the source, Ctrl+Enter submits. Enter while an
// IME is composing confirms the conversion only: it never moves on.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenedUnit } from '../../src-shared/entry/contract';
import { recordKey } from '../../src-shared/entry/compare';
import { HEADER_ROW, type FieldDef } from '../../src-shared/entry/template';
import { normalizeValue, validateAcrossRows, validateRow, type ValueIssue } from '../../src-shared/entry/validate';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { useAppStore } from '../app/store';
import { ErrorText } from '../ui/ErrorText';
import { useAction } from '../ui/useAction';
import { SourceViewer, type View } from './SourceViewer';
import { useEntryNav } from './store';
import { useKeying } from './useKeying';
import './entry.css';

interface Cell {
  key: string;
  rowNo: number;
  field: FieldDef;
}

export function EntryScreen() {
  const { t } = useTranslation();
  const unitId = useEntryNav((s) => s.unitId);
  const slot = useEntryNav((s) => s.slot);
  const opened = useQuery('entry.openUnit', { unitId: unitId ?? '', ...(slot ? { slot } : {}) }, { enabled: Boolean(unitId) });
  if (!unitId) return <p className="muted">{t('entry.mine.none')}</p>;
  if (opened.error) return <ErrorText error={opened.error} />;
  if (!opened.data) return <p className="muted">{t('app.loading')}</p>;
  return <KeyingForm key={`${opened.data.unit.id}:${opened.data.slot}`} opened={opened.data} />;
}

function KeyingForm({ opened }: { opened: OpenedUnit }) {
  const { t } = useTranslation();
  const navigate = useAppStore((s) => s.navigate);
  const { template, pages } = opened;
  const def = template.def;
  const [pageNo, setPageNo] = useState(0);
  const [view, setView] = useState<View>({ zoom: 1, x: 0, y: 0 });
  const [touched, setTouched] = useState<Set<string>>(() => new Set(opened.draftKeys.flatMap((k) => [...def.header, ...def.row].map((f) => `${k}|${f.key}`))));
  const keying = useKeying(opened);
  const inputs = useRef<(HTMLInputElement | null)[]>([]);
  const current = useRef<string | null>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const backButton = useRef<HTMLButtonElement>(null);
  const page = pages[pageNo];
  const editable = opened.keyable;

  const cells: Cell[] = useMemo(() => {
    const list: Cell[] = def.header.filter((f) => !f.hidden).map((field) => ({ key: recordKey(page.id, HEADER_ROW), rowNo: HEADER_ROW, field }));
    for (let rowNo = 1; rowNo <= def.rowsPerPage; rowNo++) {
      for (const field of def.row.filter((f) => !f.hidden)) list.push({ key: recordKey(page.id, rowNo), rowNo, field });
    }
    return list;
  }, [def, page.id]);

  const issues: ValueIssue[] = useMemo(() => {
    const header = keying.rows[recordKey(page.id, HEADER_ROW)] ?? {};
    const out = validateRow(def, HEADER_ROW, header, opened.dateContext);
    const pageRows = [];
    for (let rowNo = 1; rowNo <= def.rowsPerPage; rowNo++) {
      const values = keying.rows[recordKey(page.id, rowNo)] ?? {};
      out.push(...validateRow(def, rowNo, values, opened.dateContext));
      pageRows.push({ rowNo, header, values });
    }
    return [...out, ...validateAcrossRows(def, pageRows, opened.dateContext)];
  }, [keying.rows, def, page.id, opened.dateContext]);
  const shown = issues.filter((i) => i.severity === 'warning' || touched.has(`${recordKey(page.id, i.rowNo)}|${i.field}`));
  const issueAt = (c: Cell) => shown.find((i) => i.rowNo === c.rowNo && i.field === c.field.key);

  useEffect(() => {
    inputs.current[0]?.focus();
  }, [page.id]);

  const focusCell = (index: number) => {
    const n = cells.length;
    inputs.current[((index % n) + n) % n]?.focus();
  };

  const leave = (c: Cell) => {
    setTouched((prev) => new Set(prev).add(`${c.key}|${c.field.key}`));
    const raw = keying.rows[c.key]?.[c.field.key] ?? '';
    // Typed values show their reading at once (4/1 → 2022-04-01); free text stays exactly as keyed.
    const norm = normalizeValue(c.field, raw, opened.dateContext);
    if (norm !== raw) keying.setValue(c.key, c.field.key, norm);
  };

  const onFocusCell = (c: Cell) => {
    const previous = current.current;
    current.current = c.key;
    if (previous && previous !== c.key) {
      setTouched((prev) => {
        const next = new Set(prev);
        for (const f of [...def.header, ...def.row]) next.add(`${previous}|${f.key}`);
        return next;
      });
      void keying.commit(previous);
    }
  };

  const turnPage = async (to: number) => {
    if (to < 0 || to >= pages.length) return;
    if (current.current) await keying.commit(current.current);
    current.current = null;
    setPageNo(to);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>, index: number, c: Cell) => {
    // 229: the key event of an IME in Chromium while composing (isComposing is false on some of them).
    if (e.nativeEvent.isComposing || e.keyCode === 229) return;
    if (e.key === 'Enter' && e.ctrlKey) {
      e.preventDefault();
      if (editable) void submit.run();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      focusCell(index + (e.shiftKey ? -1 : 1));
    } else if (e.key === 'Tab') {
      // Inside the form Tab goes cell by cell; at either end it is left to the browser, which leaves the form.
      const next = index + (e.shiftKey ? -1 : 1);
      if (next >= 0 && next < cells.length) {
        e.preventDefault();
        focusCell(next);
      }
    } else if (e.key === 'Escape') {
      e.preventDefault();
      (submitButton.current ?? backButton.current)?.focus();
    } else if (e.key === 'F2' || (e.ctrlKey && (e.key === 'd' || e.key === 'D'))) {
      e.preventDefault();
      if (c.rowNo > 1) {
        const above = keying.rows[recordKey(page.id, c.rowNo - 1)]?.[c.field.key] ?? '';
        keying.setValue(c.key, c.field.key, above);
      }
    } else if (e.key === 'PageDown' || e.key === 'PageUp') {
      e.preventDefault();
      void turnPage(pageNo + (e.key === 'PageDown' ? 1 : -1));
    } else if (e.altKey && ['=', '+', '-', '0', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(e.key)) {
      e.preventDefault();
      const step = 60;
      if (e.key === '=' || e.key === '+') setView((v) => ({ ...v, zoom: Math.min(6, v.zoom * 1.25) }));
      else if (e.key === '-') setView((v) => ({ ...v, zoom: Math.max(0.25, v.zoom / 1.25) }));
      else if (e.key === '0') setView({ zoom: 1, x: 0, y: 0 });
      else if (e.key === 'ArrowLeft') setView((v) => ({ ...v, x: v.x + step }));
      else if (e.key === 'ArrowRight') setView((v) => ({ ...v, x: v.x - step }));
      else if (e.key === 'ArrowUp') setView((v) => ({ ...v, y: v.y + step }));
      else setView((v) => ({ ...v, y: v.y - step }));
    }
  };

  const submit = useAction(async () => {
    if (!(await keying.commitAll())) return;
    await call('entry.submitKeying', { unitId: opened.unit.id, slot: opened.slot });
    navigate('entry/mine');
  });

  const input = (c: Cell, index: number, label: string) => {
    const issue = issueAt(c);
    return (
      <input
        key={`${c.key}|${c.field.key}`}
        ref={(el) => {
          inputs.current[index] = el;
        }}
        aria-label={label}
        aria-invalid={issue?.severity === 'error' || undefined}
        title={issue ? t(issue.messageKey, issue.params) : undefined}
        className={`entry-cell ${issue ? `entry-cell-${issue.severity}` : ''}`}
        value={keying.rows[c.key]?.[c.field.key] ?? ''}
        readOnly={!editable}
        list={c.field.type === 'choice' ? `entry-options-${c.field.key}` : undefined}
        inputMode={c.field.type === 'number' || c.field.type === 'time' || c.field.type === 'date' ? 'numeric' : undefined}
        onChange={(e) => keying.setValue(c.key, c.field.key, e.target.value)}
        onKeyDown={(e) => onKeyDown(e, index, c)}
        onFocus={() => onFocusCell(c)}
        onBlur={() => leave(c)}
      />
    );
  };

  const headerCells = cells.filter((c) => c.rowNo === HEADER_ROW);
  const rowFields = def.row.filter((f) => !f.hidden);
  const fieldLabel = (key: string) => [...def.header, ...def.row].find((f) => f.key === key)?.label ?? key;

  return (
    <section className="screen entry-screen">
      <header className="screen-header">
        <h1>{t('entry.key.title', { label: opened.unit.label })}</h1>
        <span className="muted">{opened.batchName}</span>
        {opened.unit.doubleEntry && <span className="badge warn">{t('entry.key.blind')}</span>}
        <span className="spacer" />
        <span className={`entry-save entry-save-${keying.saveState}`} data-testid="save-status" data-saved={keying.savedCount} role="status">
          {keying.saveState === 'saving' ? t('entry.key.saving') : keying.saveState === 'failed' ? t('entry.key.saveFailed') : keying.saveState === 'saved' ? t('entry.key.saved') : ''}
        </span>
        <button type="button" ref={backButton} onClick={() => navigate('entry/mine')}>
          {t('entry.key.back')}
        </button>
      </header>
      <p className="muted entry-shortcuts">{t('entry.key.shortcuts')}</p>
      {keying.restored > 0 && <div className="banner warning">{t('entry.key.restored', { count: keying.restored })}</div>}
      {!editable && <div className="banner warning">{t('entry.key.submittedNote')}</div>}
      <ErrorText error={keying.error ?? submit.error} />
      <div className="entry-layout">
        <SourceViewer pageId={page.id} label={t('entry.key.sourceAlt', { n: page.seq })} view={view} onView={setView} />
        <form className="entry-form" onSubmit={(e) => e.preventDefault()}>
          <div className="entry-pager">
            <button type="button" disabled={pageNo === 0} onClick={() => void turnPage(pageNo - 1)}>
              {t('entry.key.prevPage')}
            </button>
            <span>{t('entry.key.page', { n: pageNo + 1, total: pages.length })}</span>
            <button type="button" disabled={pageNo >= pages.length - 1} onClick={() => void turnPage(pageNo + 1)}>
              {t('entry.key.nextPage')}
            </button>
          </div>
          <div className="entry-header">
            {headerCells.map((c, i) => (
              <label key={c.field.key} className="entry-header-field">
                <span>{c.field.label}</span>
                {input(c, i, c.field.label)}
              </label>
            ))}
          </div>
          <table className="entry-grid">
            <thead>
              <tr>
                <th>{t('entry.key.row')}</th>
                {rowFields.map((f) => (
                  <th key={f.key} style={{ minWidth: `${(f.width ?? 1) * 4.2}rem` }}>
                    {f.label}
                    {f.required ? ' *' : ''}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: def.rowsPerPage }, (_, r) => (
                <tr key={r}>
                  <th>{r + 1}</th>
                  {rowFields.map((f, k) => {
                    const index = headerCells.length + r * rowFields.length + k;
                    return <td key={f.key}>{input(cells[index], index, `${f.label} ${t('entry.compare.rowN', { row: r + 1 })}`)}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          {def.row.filter((f) => f.type === 'choice').map((f) => (
            <datalist key={f.key} id={`entry-options-${f.key}`}>
              {(f.options ?? []).map((o) => (
                <option key={o} value={o} />
              ))}
            </datalist>
          ))}
          {def.header.filter((f) => f.type === 'choice').map((f) => (
            <datalist key={f.key} id={`entry-options-${f.key}`}>
              {(f.options ?? []).map((o) => (
                <option key={o} value={o} />
              ))}
            </datalist>
          ))}
          {shown.length > 0 && (
            <ul className="entry-issues" aria-label={t('entry.key.warnings')}>
              {shown.map((i) => (
                <li key={`${i.rowNo}|${i.field}|${i.messageKey}`} className={`entry-issue-${i.severity}`}>
                  {i.rowNo === HEADER_ROW ? '' : `${t('entry.compare.rowN', { row: i.rowNo })} `}
                  {fieldLabel(i.field)}: {t(i.messageKey, i.params)}
                </li>
              ))}
            </ul>
          )}
          {editable && (
            <div className="actions">
              <button type="button" className="primary" ref={submitButton} disabled={submit.busy} onClick={() => void submit.run()}>
                {t('entry.key.submit')}
              </button>
            </div>
          )}
        </form>
      </div>
    </section>
  );
}
