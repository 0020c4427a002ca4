import { WaymarkError } from "../../../kernel/errors/base.js";
import type { WaymarkErrorOptions } from "../../../kernel/errors/base.js";

/** Base class of the errors of a completeness audit. Match on `name`, never on the message. */
export class AuditError extends WaymarkError {
  override name = "AuditError";
}

/** The audit's parameters are unusable: an empty or reversed range, bad bucket or page figures. */
export class AuditInvalidParametersError extends AuditError {
  override name = "AuditInvalidParametersError" as const;
}

/** Fewer than two servers could be audited: there is nothing to compare. */
export class AuditTooFewServersError extends AuditError {
  override name = "AuditTooFewServersError" as const;

  /**
   * @param usable - Servers that answered.
   * @param options - Cause, details, hint.
   */
  constructor(
    readonly usable: number,
    options: WaymarkErrorOptions = {},
  ) {
    super(`An audit compares at least two servers; ${usable} could be audited`, options);
  }
}

/**
 * The audit listed more ids than its budget (`maxListedIds`): the servers differ in more envelopes
 * than one audit names. Audit a shorter range, or raise the budget.
 */
export class AuditBudgetExceededError extends AuditError {
  override name = "AuditBudgetExceededError" as const;

  /**
   * @param budget - The budget that was exceeded.
   * @param options - Cause, details, hint.
   */
  constructor(
    readonly budget: number,
    options: WaymarkErrorOptions = {},
  ) {
    super(`The audit listed more than ${budget} ids`, {
      hint: "audit a shorter range, or raise maxListedIds",
      ...options,
    });
  }
}
