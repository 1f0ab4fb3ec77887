// One spelling per term in the Japanese catalogs (issue 13): what the screens say, and the variants they must not.
// A unit test holds every Japanese message to it. Choices follow the majority already on screen and 公用文 usage of
// 送り仮名 for nouns people read aloud (差し戻し, …済み).
export interface GlossaryTerm {
  /** The spelling used everywhere. */
  use: string;
  /** Variants that must not appear (a regular expression source each). */
  avoid: readonly string[];
  /** Why, for the person who meets the test failing. */
  note: string;
}

export const glossary: readonly GlossaryTerm[] = [
  { use: '差し戻し', avoid: ['差戻'], note: 'A returned request or unit: 差し戻し / 差し戻す.' },
  { use: '済み', avoid: ['済(?![みん])'], note: 'A finished state: 入力済み, 承認済み (not 入力済).' },
  { use: 'ログイン', avoid: ['サインイン'], note: 'The sign-in button and screens say ログイン / ログアウト.' },
  { use: 'スタッフ', avoid: ['職員'], note: 'Staff of the operator (roles other than workers): スタッフ.' },
];

/**
 * The same for the English catalogs: the words the English screens already use most (PC, sign in, center) and one
 * British spelling where both occur (colour, grey). "Login ID" stays: it names the field, not the act.
 */
export const englishGlossary: readonly GlossaryTerm[] = [
  { use: 'PC', avoid: ['\\b[Cc]omputers?\\b'], note: 'The device is a PC, as in the Japanese screens (貸出 PC, センター PC).' },
  { use: 'sign in', avoid: ['\\b[Ll]og(?:ged)?[ -]?(?:in|on)\\b(?! ?IDs?\\b)', '\\b[Ss]ign[ -]?on\\b'], note: 'The act is "sign in" / "sign out"; the field is "Login ID".' },
  { use: 'center', avoid: ['\\b[Cc]entres?\\b'], note: 'A telework center (the product term).' },
  { use: 'colour', avoid: ['\\b[Cc]olors?\\b'], note: 'British spelling, as the scan screens write it.' },
  { use: 'grey', avoid: ['\\b[Gg]ray\\b'], note: 'British spelling, as the scan screens write it.' },
];
