// What kind of client a job is for, read from its name until clients are a registry of their own: documents for a
// local government (市役所, 町役場, 県, 教育委員会 …) are dated in 和暦 with 年度, as officials expect (DESIGN.md: UI).

const LOCAL_GOVERNMENT = /(?:[都道府県市区町村](?:役所|役場|庁)?|教育委員会|広域連合|事務組合|議会)$/;

export function isMunicipality(clientName: string): boolean {
  return LOCAL_GOVERNMENT.test(clientName.normalize('NFKC').replace(/\s+/g, ''));
}
