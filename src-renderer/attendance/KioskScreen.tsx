// The center PC's clock-in screen: find yourself (code, badge scan or name tile), PIN, then one punch.
// Big, calm and forgiving: every step can go back, and the saved time is shown before the screen resets.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskSession, KioskTile, PunchResult } from '../../src-shared/attendance/contract';
import type { ErrorPayload } from '../../src-shared/core/errors';
import { jstTime } from '../../src-shared/core/time';
import { ApiError, call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { ErrorText } from '../ui/ErrorText';
import { timeLabel } from './format';
import { PinPad } from './PinPad';
import { PunchActions, type PunchChoice } from './PunchActions';
import './attendance.css';

type Step = { kind: 'find' } | { kind: 'pin'; tile: KioskTile } | { kind: 'act'; session: KioskSession } | { kind: 'done'; result: PunchResult };

const DONE_RESET_MS = 8000;
/** Someone who walks away mid-way: the kiosk goes back to the start for the next person. */
const IDLE_RESET_MS = 60_000;

function asError(err: unknown): ErrorPayload {
  return err instanceof ApiError ? err.payload : { code: 'internal', messageKey: 'errors.internal' };
}

function Clock() {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <div className="kiosk-clock" aria-hidden="true">{jstTime(now)}</div>;
}

function FindStep(props: { onFound(tile: KioskTile): void }) {
  const { t } = useTranslation();
  const tiles = useQuery('kiosk.workers', {}, { tables: ['presence', 'workers'] });
  const [code, setCode] = useState('');
  const [error, setError] = useState<ErrorPayload | null>(null);
  const identify = async () => {
    setError(null);
    try {
      props.onFound(await call('kiosk.identify', { code: code.trim() }));
    } catch (err) {
      setError(asError(err));
    }
  };
  return (
    <>
      <form
        className="kiosk-find"
        onSubmit={(e) => {
          // A USB badge scanner types the code and presses Enter.
          e.preventDefault();
          void identify();
        }}
      >
        <label htmlFor="kiosk-code">{t('kiosk.codeLabel')}</label>
        <div className="row">
          <input id="kiosk-code" className="kiosk-input" value={code} onChange={(e) => setCode(e.target.value)} autoFocus autoComplete="off" />
          <button type="submit" className="primary big">
            {t('kiosk.next')}
          </button>
        </div>
        <ErrorText error={error} />
      </form>
      <p className="muted">{t('kiosk.orTap')}</p>
      <div className="tiles">
        {tiles.data?.map((tile) => (
          <button key={tile.id} type="button" className={`tile state-${tile.forgotten ? 'forgotten' : tile.state}`} onClick={() => props.onFound(tile)}>
            <span className="tile-name">{tile.displayName}</span>
            <span className="tile-kana">{tile.kana}</span>
            <span className="tile-state">{tile.forgotten ? t('attendance.forgotten') : t(`attendance.states.${tile.state}`)}</span>
          </button>
        ))}
      </div>
    </>
  );
}

function ActStep(props: { session: KioskSession; onDone(result: PunchResult): void; onBack(): void }) {
  const { t } = useTranslation();
  const { session } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const punch = async (choice: PunchChoice) => {
    setBusy(true);
    setError(null);
    try {
      props.onDone(await call('kiosk.punch', { ticket: session.ticket, ...choice }));
    } catch (err) {
      setError(asError(err));
    } finally {
      setBusy(false);
    }
  };
  const p = session.presence;
  return (
    <div className="kiosk-act">
      <h2>{t('kiosk.who', { name: session.displayName })}</h2>
      {p.state !== 'out' && <p className="kiosk-state">{t('kiosk.current', { state: t(`attendance.states.${p.state}`), time: timeLabel(p.since) })}</p>}
      {p.forgotten && <p className="banner warning">{t('kiosk.forgottenWarning')}</p>}
      <p>{t('kiosk.chooseAction')}</p>
      <PunchActions presence={p} jobs={session.jobs} busy={busy} onPunch={(c) => void punch(c)} large />
      <ErrorText error={error} />
      <button type="button" className="big" onClick={props.onBack}>
        {t('kiosk.back')}
      </button>
    </div>
  );
}

function DoneStep(props: { result: PunchResult; onClose(): void }) {
  const { t } = useTranslation();
  const { onClose } = props;
  useEffect(() => {
    const timer = setTimeout(onClose, DONE_RESET_MS);
    return () => clearTimeout(timer);
  }, [onClose]);
  return (
    <div className="kiosk-done" role="status">
      <h2>{t('kiosk.who', { name: props.result.displayName })}</h2>
      <p className="kiosk-saved">{t('kiosk.saved', { action: t(`attendance.kinds.${props.result.kind}`) })}</p>
      <p className="kiosk-saved-time">{jstTime(props.result.at)}</p>
      <p className="muted">{t('kiosk.savedNote')}</p>
      <button type="button" className="primary big" onClick={onClose} autoFocus>
        {t('kiosk.done')}
      </button>
    </div>
  );
}

export function KioskScreen() {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: 'find' });
  const ticket = useRef<string | null>(null);
  const reset = () => {
    if (ticket.current) void call('kiosk.endSession', { ticket: ticket.current }).catch(() => undefined);
    ticket.current = null;
    setStep({ kind: 'find' });
  };
  const resetRef = useRef(reset);
  resetRef.current = reset;
  const away = step.kind === 'pin' || step.kind === 'act';
  useEffect(() => {
    if (!away) return;
    let timer = setTimeout(() => resetRef.current(), IDLE_RESET_MS);
    const touch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => resetRef.current(), IDLE_RESET_MS);
    };
    window.addEventListener('pointerdown', touch);
    window.addEventListener('keydown', touch);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pointerdown', touch);
      window.removeEventListener('keydown', touch);
    };
  }, [away]);
  return (
    <main className="kiosk">
      <header className="kiosk-header">
        <h1>{t('kiosk.title')}</h1>
        <Clock />
      </header>
      {step.kind === 'find' && <FindStep onFound={(tile) => setStep({ kind: 'pin', tile })} />}
      {step.kind === 'pin' && (
        <PinPad
          name={step.tile.displayName}
          onBack={reset}
          onVerify={async (pin) => {
            const session = await call('kiosk.verifyPin', { workerId: step.tile.id, pin });
            ticket.current = session.ticket;
            setStep({ kind: 'act', session });
          }}
        />
      )}
      {step.kind === 'act' && (
        <ActStep
          session={step.session}
          onBack={reset}
          onDone={(result) => {
            ticket.current = null;
            setStep({ kind: 'done', result });
          }}
        />
      )}
      {step.kind === 'done' && <DoneStep result={step.result} onClose={reset} />}
      <footer className="kiosk-footer">
        <a href="#/login">{t('kiosk.staffLogin')}</a>
      </footer>
    </main>
  );
}
