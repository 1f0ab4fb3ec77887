// Scan job setup for leaders: target quality, file-naming rule, the workflow, and the city's volume list.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf } from '../../src-shared/api/contract';
import { formatName, parsePattern } from '../../src-shared/scan/naming';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { useAppStore } from '../app/store';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { ImportPanel } from './ImportPanel';
import { JobPicker, useScanJob } from './JobPicker';
import { VolumeList } from './VolumeList';
import { WorkflowEditor } from './WorkflowEditor';
import { NoScanJob } from './NoScanJob';
import { VolumeExportPanel } from './VolumeExportPanel';
import './scan.css';

type Settings = InputOf<'scan.saveSettings'>;

function SettingsForm({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const loaded = useQuery('scan.getSettings', { jobId }, { tables: ['scanSettings'] });
  const [form, setForm] = useState<Settings | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (loaded.data) {
      const { saved: _saved, ...rest } = loaded.data;
      setForm(rest);
    }
  }, [loaded.data]);
  const save = useAction(async (input: Settings) => {
    setSaved(false);
    await call('scan.saveSettings', input);
    setSaved(true);
  });
  if (!form) return <ErrorText error={loaded.error} />;
  const pattern = parsePattern(form.namingPattern);
  const example = pattern.ok ? formatName(form.namingPattern, { job: 'ARCHIVE-01', volume: '001', shelf: 'K-01-1', page: 1, ext: 'tif' }) : null;
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        void save.run(form);
      }}
    >
      <h2>{t('scan.setup.quality')}</h2>
      <div className="row">
        <Field label={t('scan.setup.qualityLevel')}>
          <select value={form.qualityLevel} onChange={(e) => setForm({ ...form, qualityLevel: e.target.value as Settings['qualityLevel'] })}>
            {(['fadgi1', 'fadgi2', 'fadgi3', 'fadgi4', 'custom'] as const).map((q) => (
              <option key={q} value={q}>
                {t(`scan.quality.${q}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('scan.setup.targetPpi')} path="targetPpi" error={save.error}>
          <input inputMode="numeric" value={String(form.targetPpi)} onChange={(e) => setForm({ ...form, targetPpi: Number(e.target.value) || 0 })} />
        </Field>
        <Field label={t('scan.setup.colorMode')}>
          <select value={form.colorMode} onChange={(e) => setForm({ ...form, colorMode: e.target.value as Settings['colorMode'] })}>
            {(['color24', 'gray8', 'bitonal'] as const).map((c) => (
              <option key={c} value={c}>
                {t(`scan.colorModes.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('scan.setup.fileFormat')}>
          <select value={form.fileFormat} onChange={(e) => setForm({ ...form, fileFormat: e.target.value as Settings['fileFormat'] })}>
            {(['tiff', 'pdf', 'jpeg'] as const).map((f) => (
              <option key={f} value={f}>
                {t(`scan.fileFormats.${f}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={t('scan.setup.namingPattern')} hint={t('scan.setup.namingHint')}>
        <input name="namingPattern" value={form.namingPattern} onChange={(e) => setForm({ ...form, namingPattern: e.target.value })} />
      </Field>
      <p className={pattern.ok ? 'muted' : 'field-error'} role={pattern.ok ? undefined : 'alert'}>
        {pattern.ok ? t('scan.setup.namingExample', { example }) : t(pattern.reason, pattern.params)}
      </p>
      <h3>{t('scan.setup.workflow')}</h3>
      <WorkflowEditor steps={form.workflow} onChange={(workflow) => setForm({ ...form, workflow })} />
      <ErrorText error={save.error} />
      {saved && <p role="status">{t('scan.setup.settingsSaved')}</p>}
      <button type="submit" className="primary" disabled={save.busy}>
        {t('scan.setup.saveSettings')}
      </button>
    </form>
  );
}

export function ScanSetupScreen() {
  const { t } = useTranslation();
  const jobId = useScanJob();
  const navigate = useAppStore((s) => s.navigate);
  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('scan.setup.title')}</h1>
        <JobPicker />
        {jobId && (
          <button type="button" onClick={() => navigate('scan-slips')}>
            {t('scan.setup.slips')}
          </button>
        )}
      </header>
      <NoScanJob />
      {jobId && (
        <>
          <SettingsForm key={jobId} jobId={jobId} />
          <ImportPanel jobId={jobId} />
          <VolumeList jobId={jobId} />
          <VolumeExportPanel jobId={jobId} />
        </>
      )}
    </section>
  );
}
