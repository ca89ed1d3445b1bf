import type { RuleDefinition } from '../rule';
import type { CRuleContext } from './context';
import { who } from './helpers';

export const noReturnValue: RuleDefinition<CRuleContext> = {
  id: 'no-return-value',
  language: 'c',
  defaultSeverity: 'error',
  title: 'The entry point can end without returning a value',
  docs: {
    what: 'Reports an installer entry point that can reach the end of its body without a return statement.',
    why: 'Windows then reads whatever happens to be in the return register as the result: a random success, failure or ERROR_DI_DO_DEFAULT, different from build to build.',
    contractSection: 'Return codes',
    wdk: ['Co-installer Interface'],
    bad: `switch (InstallFunction) {
case DIF_FINISHINSTALL_ACTION:
    return DoFinishInstallAction();
}
}                                   // other DIF codes: no return value`,
    good: `switch (InstallFunction) {
case DIF_FINISHINSTALL_ACTION:
    return DoFinishInstallAction();
}
return ERROR_DI_DO_DEFAULT;
}`,
  },
  check({ model }, report) {
    for (const ep of model.entryPoints) {
      // While a function is being typed it has no end yet: judge only complete code.
      if (ep.node.hasError || ep.incomplete || !ep.overall.fallsOffEnd) continue;
      report({
        range: ep.nameRange,
        message: `The ${who(ep)} can reach the end of its body without returning a value: Windows reads an undefined result.`,
      });
    }
  },
};
