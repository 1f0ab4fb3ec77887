// Name tiles in 五十音 order (the server sorts by reading): a colour initial, the name with its furigana, and what
// the person is doing now — someone not yet in today reads 未開始, never 終了.
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskTile } from '../../src-shared/attendance/contract';
import { useKioskPrefs } from './kiosk-prefs';

/** Colours dark enough for white text (≥ 4.5:1), so the initial is readable on every tile. */
const INITIAL_COLOURS = ['#1b5e20', '#0d47a1', '#4a148c', '#b71c1c', '#004d40', '#3e2723', '#1a237e', '#880e4f'];

function colourFor(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return INITIAL_COLOURS[h % INITIAL_COLOURS.length]!;
}

/** 姓 名 over せい めい, part by part; when the parts do not line up, the reading goes on its own line. */
function NameWithReading(props: { name: string; kana: string; furigana: boolean }) {
  if (!props.furigana) return <span className="tile-name">{props.name}</span>;
  const names = props.name.split(/\s+/);
  const readings = props.kana.split(/\s+/);
  if (names.length !== readings.length) {
    return (
      <>
        <span className="tile-kana" aria-hidden="true">
          {props.kana}
        </span>
        <span className="tile-name">{props.name}</span>
      </>
    );
  }
  return (
    <span className="tile-name">
      {names.map((n, i) => (
        <Fragment key={i}>
          {i > 0 && ' '}
          <ruby>
            {n}
            {/* Read aloud, the reading would repeat the name: it is for the eye. */}
            <rt aria-hidden="true">{readings[i]}</rt>
          </ruby>
        </Fragment>
      ))}
    </span>
  );
}

export function tileStateText(t: (key: string) => string, tile: KioskTile): string {
  if (tile.forgotten) return t('attendance.forgotten');
  if (tile.state !== 'out') return t(`attendance.states.${tile.state}`);
  return t(tile.today ? 'kiosk.tileFinished' : 'kiosk.tileNotYet');
}

export function KioskTiles(props: { tiles: KioskTile[]; onPick(tile: KioskTile): void }) {
  const { t } = useTranslation();
  const furigana = useKioskPrefs((s) => s.furigana);
  return (
    <ul className="tiles" aria-label={t('kiosk.orTap')}>
      {props.tiles.map((tile) => {
        const state = tileStateText(t, tile);
        return (
          <li key={tile.id}>
            <button
              type="button"
              className={`tile state-${tile.forgotten ? 'forgotten' : tile.state}`}
              onClick={() => props.onPick(tile)}
            >
              <span className="tile-initial" style={{ background: colourFor(tile.id) }} aria-hidden="true">
                {tile.displayName.charAt(0)}
              </span>
              <span className="tile-text">
                <NameWithReading name={tile.displayName} kana={tile.kana} furigana={furigana} />{' '}
                <span className="tile-state">{state}</span>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
