// Starts a template on an operator that has none yet: from one shipped with the app (vehicle logbook, test sheet)
// or from a blank form, as a draft the designer edits before saving.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { builtinTemplates } from '../../src-shared/entry/builtin';
import type { TemplateView } from '../../src-shared/entry/contract';
import { newId } from '../../src-shared/core/ids';

type Base = 'vehicle_log' | 'test_sheet' | 'generic';

export function draftFrom(base: Base): TemplateView {
  const shipped = builtinTemplates.find((b) => b.kind === base);
  if (shipped) return { id: newId(), code: shipped.code, name: shipped.name, kind: shipped.kind, def: structuredClone(shipped.def), active: true };
  return {
    id: newId(),
    code: 'FORM-1',
    name: '',
    kind: 'generic',
    def: { header: [], row: [{ key: 'field1', label: '項目 1', type: 'text', required: false, width: 1 }], rowsPerPage: 10, rules: [] },
    active: true,
  };
}

export function NewTemplate({ onDraft }: { onDraft(draft: TemplateView): void }) {
  const { t } = useTranslation();
  const [base, setBase] = useState<Base>('vehicle_log');
  return (
    <span className="row">
      <label>
        {t('entry.templates.base')}{' '}
        <select value={base} onChange={(e) => setBase(e.target.value as Base)}>
          {(['vehicle_log', 'test_sheet', 'generic'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`entry.templates.bases.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => onDraft(draftFrom(base))}>
        {t('entry.templates.new')}
      </button>
    </span>
  );
}
