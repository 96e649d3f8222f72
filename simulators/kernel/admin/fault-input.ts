import { validateFaultRule, type FaultRuleInput } from '../faults/rules.ts';
import { AdminError } from './problem.ts';

/** Checks a fault rule sent to the admin API: the kernel's validation plus refusal of platforms no simulator serves. */
export function checkFaultRuleInput(input: unknown, platforms: readonly string[]): FaultRuleInput {
  let rule: FaultRuleInput;
  try {
    rule = validateFaultRule(input);
  } catch (err) {
    throw new AdminError('ADMIN_INVALID_FAULT_RULE', (err as Error).message);
  }
  if (rule.platform !== undefined && !platforms.includes(rule.platform)) {
    throw new AdminError('ADMIN_INVALID_FAULT_RULE',
      `fault rule platform "${rule.platform}" is not served by any simulator (known: ${platforms.join(', ') || 'none'})`);
  }
  return rule;
}
