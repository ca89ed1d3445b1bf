/**
 * The contract's facts about code paths, one recogniser each. The order matters only where two name the
 * same call: the first listed that gives the call's value has it to itself.
 */
import { compileRecognisers, type Recogniser } from '../recogniser';
import { coinstallerContext } from './coinstallerContext';
import { externalCalls } from './externalCalls';
import { flagWrites } from './flagWrites';
import { hresult } from './hresult';
import { installParams } from './installParams';
import { lastError } from './lastError';
import { needCheck } from './needCheck';
import { noOpMacros } from './noOpMacros';
import { processes } from './processes';
import { restart } from './restart';
import { wizardPages } from './wizardPages';

export const CONTRACT_RECOGNISER_LIST: readonly Recogniser[] = [
  noOpMacros,
  lastError,
  hresult,
  installParams,
  flagWrites,
  wizardPages,
  processes,
  restart,
  needCheck,
  coinstallerContext,
  externalCalls,
];

export const CONTRACT_RECOGNISERS = compileRecognisers(CONTRACT_RECOGNISER_LIST);
