/** The C/C++ rules, in the order their findings are listed. */
import type { RuleDefinition } from '../rule';
import { actionAlwaysFails } from './action-always-fails';
import { actionNotAwaited } from './action-not-awaited';
import { classActionNoError } from './class-action-no-error';
import { classPostprocessing } from './class-postprocessing';
import { coinstallerDoDefault } from './coinstaller-do-default';
import type { CRuleContext } from './context';
import { flagInWrongDif } from './flag-in-wrong-dif';
import { flagNotSaved } from './flag-not-saved';
import { flagNotSet } from './flag-not-set';
import { flagSetUnconditionally } from './flag-set-unconditionally';
import { flagWithoutAction } from './flag-without-action';
import { flagWrongField } from './flag-wrong-field';
import { forcedRestart } from './forced-restart';
import { noReturnValue } from './no-return-value';
import { notAWin32Code } from './not-a-win32-code';
import { paramsSizeNotSet } from './params-size-not-set';
import { postprocessingUnreachable } from './postprocessing-unreachable';
import { unhandledDifReturn } from './unhandled-dif-return';
import { wizardReturnCode } from './wizard-return-code';

export const C_RULES: ReadonlyArray<RuleDefinition<CRuleContext>> = [
  flagNotSet,
  flagInWrongDif,
  flagNotSaved,
  paramsSizeNotSet,
  flagWrongField,
  flagSetUnconditionally,
  flagWithoutAction,
  wizardReturnCode,
  coinstallerDoDefault,
  classPostprocessing,
  classActionNoError,
  unhandledDifReturn,
  actionAlwaysFails,
  postprocessingUnreachable,
  notAWin32Code,
  actionNotAwaited,
  forcedRestart,
  noReturnValue,
];
