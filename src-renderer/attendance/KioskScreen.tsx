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
import { stepLabel } from '../ui/stepLabel';
import { timeLabel } from './format';
import { KioskHeader } from './KioskHeader';
import { KioskTiles } from './KioskTiles';
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
      {tiles.data?.length === 0 && <p className="banner">{t('kiosk.empty')}</p>}
      {tiles.data && <KioskTiles tiles={tiles.data} onPick={props.onFound} />}
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
  const current = p.state === 'out' ? null : [t(`attendance.states.${p.state}`), session.jobs.find((j) => j.id === p.jobId)?.name, stepLabel(t, p.stepKey)];
  return (
    <div className="kiosk-act">
      {/* Name and buttons stay on screen at any zoom: the name sticks to the top, the buttons to the bottom. */}
      <div className="kiosk-person">
        <h2>{t('kiosk.who', { name: session.displayName })}</h2>
        {current && <p className="kiosk-state">{t('kiosk.current', { state: current.filter(Boolean).join(' ・ '), time: timeLabel(p.since) })}</p>}
      </div>
      {p.forgotten && <p className="banner warning">{t('kiosk.forgottenWarning')}</p>}
      <ErrorText error={error} />
      <PunchActions
        presence={p}
        jobs={session.jobs}
        recent={session.recent}
        busy={busy}
        onPunch={(c) => void punch(c)}
        large
        extra={
          <button type="button" className="big" onClick={props.onBack}>
            {t('kiosk.back')}
          </button>
        }
      />
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
      <KioskHeader />
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
