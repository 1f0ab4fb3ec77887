// The screens' step labels are the shared ones, so a payroll file and the board say the same word.
export { stepLabel } from '../../src-shared/i18n/step-label';
