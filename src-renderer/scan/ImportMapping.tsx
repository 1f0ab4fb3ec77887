// The mapping step of a list import: each column of the file with what it is imported as — found by its name, or
// chosen here by the leader (remembered for the client on import) — and the header row when a title sits above it.
import { useTranslation } from 'react-i18next';
import { headerKey, importColumns, type HeaderMapping, type ImportColumn } from '../../src-shared/scan/import-headers';
import type { ImportPreview } from '../../src-shared/scan/views';
import { Field } from '../ui/Field';

interface Props {
  report: ImportPreview;
  onMap: (change: HeaderMapping) => void;
  onHeaderRow: (row: number) => void;
}

export function ImportMapping({ report, onMap, onHeaderRow }: Props) {
  const { t } = useTranslation();
  const headers = report.headers.filter((h) => h.text.trim());
  return (
    <div className="import-mapping">
      <h3>{t('scan.setup.mapping')}</h3>
      <p className="muted">{t('scan.setup.mappingHint')}</p>
      <Field label={t('scan.setup.headerRowLabel')}>
        <input
          type="number"
          min={1}
          max={50}
          value={report.headerRow}
          onChange={(e) => {
            const row = Number(e.target.value);
            if (Number.isInteger(row) && row >= 1 && row <= 50) onHeaderRow(row);
          }}
        />
      </Field>
      <table className="table mapping-table" aria-label={t('scan.setup.mapping')}>
        <thead>
          <tr>
            <th scope="col">{t('scan.setup.fileColumn')}</th>
            <th scope="col">{t('scan.setup.ourColumn')}</th>
          </tr>
        </thead>
        <tbody>
          {headers.map((h) => (
            <tr key={h.index}>
              <th scope="row">
                {h.letter} {h.text}
              </th>
              <td>
                <select
                  aria-label={`${h.letter} ${h.text}`}
                  value={h.column ?? ''}
                  onChange={(e) => onMap({ [headerKey(h.text)]: e.target.value as ImportColumn | '' })}
                >
                  <option value="">{t('scan.setup.keepAsNote')}</option>
                  {importColumns.map((c) => (
                    <option key={c} value={c}>
                      {t(`scan.columns.${c}`)}
                    </option>
                  ))}
                </select>{' '}
                {h.source && <span className="muted">{t(h.source === 'mapping' ? 'scan.setup.sourceMapping' : 'scan.setup.sourceSynonym')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
