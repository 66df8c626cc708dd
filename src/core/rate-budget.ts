/**
 * A provider's request budget shared by every gateway instance (see `src/store/rate-budget.ts`): at most N
 * calls in any sliding window, counted in the gateway's database.
 */
export interface RateBudget {
  /**
   * Resolves when this call may be sent (its slot is then used). Rejects with the signal's reason when the
   * request's deadline or the client's disconnect ends the wait first: such a call leaves without a slot.
   */
  take(signal?: AbortSignal): Promise<void>;
}
