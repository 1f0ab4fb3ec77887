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
