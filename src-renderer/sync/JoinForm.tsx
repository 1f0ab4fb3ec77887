// Joining HQ: a new install with an enrollment code (setup screen), or a standalone device with the bootstrap code.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../src-shared/sync/contract';
import { call } from '../api/client';
import { useAppStore } from '../app/store';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';

function CodeForm(props: { titleKey: string; hintKey: string; submitKey: string; busyLabel?: string; onSubmit(input: { hqUrl: string; code: string }): Promise<void> }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ hqUrl: '', code: '' });
  const action = useAction(() => props.onSubmit(form));
  return (
    <section className="join-box" aria-labelledby="join-title">
      <h2 id="join-title">{t(props.titleKey)}</h2>
      <p>{t(props.hintKey)}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void action.run();
        }}
      >
        <Field label={t('sync.join.hqUrl')} path="hqUrl" error={action.error}>
          <input name="hqUrl" inputMode="url" placeholder="https://192.168.1.10:5790" value={form.hqUrl} onChange={(e) => setForm({ ...form, hqUrl: e.target.value })} />
        </Field>
        <Field label={t('sync.join.code')} path="code" error={action.error}>
          <input name="code" autoComplete="off" value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} />
        </Field>
        <ErrorText error={action.error && !action.error.issues?.length ? action.error : null} />
        <div className="actions">
          <button type="submit" disabled={action.busy}>
            {t(props.submitKey)}
          </button>
        </div>
      </form>
    </section>
  );
}

/** On the first-run screen, next to "create an operator". */
export function JoinForm() {
  const refreshStatus = useAppStore((s) => s.refreshStatus);
  return (
    <CodeForm
      titleKey="sync.join.title"
      hintKey="sync.join.hint"
      submitKey="sync.join.submit"
      onSubmit={async (input) => {
        await call('sync.join', input);
        await refreshStatus();
      }}
    />
  );
}

export function AttachForm({ onDone }: { onDone(status: SyncStatus): void }) {
  return <CodeForm titleKey="sync.attach.title" hintKey="sync.attach.hint" submitKey="sync.attach.submit" onSubmit={async (input) => onDone(await call('sync.attach', input))} />;
}
