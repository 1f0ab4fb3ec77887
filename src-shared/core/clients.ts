// Whether a job's documents are for a local government, so they are dated in 和暦 with 年度 as officials expect
// (DESIGN.md: UI): the registered client's kind (decision 0107), or — for jobs without one — its name (市役所, 町役場,
// 県, 教育委員会 …).

const LOCAL_GOVERNMENT = /(?:[都道府県市区町村](?:役所|役場|庁)?|教育委員会|広域連合|事務組合|議会)$/;

export function isMunicipality(clientName: string): boolean {
  return LOCAL_GOVERNMENT.test(clientName.normalize('NFKC').replace(/\s+/g, ''));
}

export function forMunicipality(clientKind: 'municipality' | 'company' | null | undefined, clientName: string): boolean {
  return clientKind ? clientKind === 'municipality' : isMunicipality(clientName);
}
