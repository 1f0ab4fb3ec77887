// Templates shipped with the app: the official-vehicle logbook (車両利用記録簿) and a test-sheet structuring form.
import type { TemplateDef, TemplateKind } from './template';

export interface BuiltinTemplate {
  code: string;
  name: string;
  kind: TemplateKind;
  def: TemplateDef;
}

export const vehicleLogTemplate: BuiltinTemplate = {
  code: 'VEHICLE-LOG',
  name: '車両利用記録簿',
  kind: 'vehicle_log',
  def: {
    header: [
      { key: 'vehicle', label: '車両番号', type: 'text', required: true, maxLength: 20, width: 2 },
      { key: 'ownerDepartment', label: '管理課', type: 'text', required: false, maxLength: 30, width: 2 },
    ],
    row: [
      { key: 'date', label: '月日', type: 'date', required: true, width: 2 },
      { key: 'timeOut', label: '出庫時刻', type: 'time', required: true, width: 1 },
      { key: 'timeIn', label: '入庫時刻', type: 'time', required: true, width: 1 },
      { key: 'driver', label: '運転者', type: 'text', required: true, maxLength: 20, width: 2 },
      { key: 'department', label: '所属', type: 'text', required: true, maxLength: 30, width: 2 },
      { key: 'destination', label: '行先', type: 'text', required: true, maxLength: 40, width: 2 },
      { key: 'purpose', label: '用務', type: 'text', required: false, maxLength: 40, width: 2 },
      { key: 'odoOut', label: '出庫時メーター', type: 'number', required: true, min: 0, max: 9999999, integer: true, width: 1 },
      { key: 'odoIn', label: '入庫時メーター', type: 'number', required: true, min: 0, max: 9999999, integer: true, width: 1 },
      { key: 'notes', label: '備考', type: 'text', required: false, maxLength: 60, width: 2 },
      { key: 'alcohol', label: '酒気帯び', type: 'choice', required: true, options: ['無', '有'], width: 1 },
      { key: 'checker', label: '確認者', type: 'text', required: true, maxLength: 20, width: 1 },
      { key: 'detector', label: '検知器', type: 'choice', required: true, options: ['使用', '未使用'], width: 1 },
    ],
    rowsPerPage: 10,
    rules: [
      { kind: 'order', a: 'timeOut', b: 'timeIn' },
      { kind: 'order', a: 'odoOut', b: 'odoIn' },
      { kind: 'nonDecreasing', field: 'odoOut', prev: 'odoIn', group: 'vehicle' },
      { kind: 'noOverlap', date: 'date', start: 'timeOut', end: 'timeIn', group: 'vehicle' },
    ],
  },
};

export const testSheetTemplate: BuiltinTemplate = {
  code: 'TEST-SHEET',
  name: '問題・解答・解説シート',
  kind: 'test_sheet',
  def: {
    header: [
      { key: 'subject', label: '教科', type: 'choice', required: true, options: ['社会', '理科', '英語', '数学'], width: 1 },
      { key: 'set', label: 'セット番号', type: 'number', required: true, min: 1, max: 999, integer: true, width: 1 },
    ],
    row: [
      { key: 'questionNo', label: '問題番号', type: 'text', required: true, maxLength: 10, width: 1 },
      { key: 'question', label: '問題文', type: 'text', required: true, maxLength: 2000, width: 4 },
      { key: 'answer', label: '解答', type: 'text', required: true, maxLength: 500, width: 2 },
      { key: 'explanation', label: '解説', type: 'text', required: false, maxLength: 4000, width: 4 },
      { key: 'figure', label: '図版', type: 'text', required: false, maxLength: 40, width: 1 },
    ],
    rowsPerPage: 6,
    rules: [],
  },
};

export const builtinTemplates: BuiltinTemplate[] = [vehicleLogTemplate, testSheetTemplate];
