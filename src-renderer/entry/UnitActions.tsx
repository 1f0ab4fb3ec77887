// Review actions for one unit: compare (double entry), verify, accept, send back with a note.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnitView } from '../../src-shared/entry/contract';
import { call } from '../api/client';
import { useAppStore } from '../app/store';
import { ErrorText } from '../ui/ErrorText';
import { useAction } from '../ui/useAction';
import { useEntryNav } from './store';

export function UnitActions({ unit }: { unit: UnitView }) {
  const { t } = useTranslation();
  const navigate = useAppStore((s) => s.navigate);
  const openUnit = useEntryNav((s) => s.openUnit);
  const setBatch = useEntryNav((s) => s.setBatch);
  const [note, setNote] = useState<string | null>(null);
  const review = useAction(async (to: 'verified' | 'accepted' | 'sent_back', text: string) => {
    await call('entry.review', { unitId: unit.id, to, note: text });
    setNote(null);
  });
  return (
    <div className="actions" style={{ marginTop: 0, flexWrap: 'wrap' }}>
      {unit.doubleEntry && unit.status === 'keyed' && (
        <button
          type="button"
          aria-label={`${t('entry.batches.compare')} ${unit.label}`}
          onClick={() => {
            setBatch(unit.batchId);
            openUnit(unit.id, null);
            navigate('entry/compare');
          }}
        >
          {t('entry.batches.compare')}
        </button>
      )}
      {unit.status === 'keyed' && !unit.doubleEntry && (
        <button type="button" aria-label={`${t('entry.review.verify')} ${unit.label}`} onClick={() => void review.run('verified', '')}>
          {t('entry.review.verify')}
        </button>
      )}
      {unit.status === 'verified' && (
        <button type="button" className="primary" aria-label={`${t('entry.review.accept')} ${unit.label}`} onClick={() => void review.run('accepted', '')}>
          {t('entry.review.accept')}
        </button>
      )}
      {(unit.status === 'keyed' || unit.status === 'verified') && note === null && (
        <button type="button" aria-label={`${t('entry.review.sendBack')} ${unit.label}`} onClick={() => setNote('')}>
          {t('entry.review.sendBack')}
        </button>
      )}
      {note !== null && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void review.run('sent_back', note);
          }}
        >
          <input aria-label={t('entry.review.note')} placeholder={t('entry.review.note')} value={note} onChange={(e) => setNote(e.target.value)} />
          <button type="submit" className="danger">
            {t('entry.review.sendBack')}
          </button>
        </form>
      )}
      <ErrorText error={review.error} />
    </div>
  );
}
