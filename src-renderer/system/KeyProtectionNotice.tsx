// Says plainly where this PC's database key is and what that protects against; a weaker mode is a visible warning.
import { useTranslation } from 'react-i18next';
import type { DeviceReport } from '../../src-shared/system/contract';

export function KeyProtectionNotice(props: { report: DeviceReport['keyProtection'] }) {
  const { t } = useTranslation();
  const { mode, reason, keyFile } = props.report;
  if (mode === 'os-keychain') return <span className="badge ok">{t('system.keyModes.osKeychain')}</span>;
  const text = mode === 'key-file' ? t(`system.keyModes.keyFile.${reason ?? 'browser-mode'}`, { file: keyFile ?? '' }) : t(`system.keyModes.${mode}`);
  return (
    <div className="key-notice" role="alert">
      <strong>{t('system.keyModes.weakTitle')}</strong> {text}
    </div>
  );
}
