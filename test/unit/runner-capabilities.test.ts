/**
 * The runner refuses what a provider does not advertise (issue 13): `Query.providers`' capabilities are the
 * declaration, so a plan a provider's own rules let through still never reaches the upstream when it asks for
 * a recurrence kind, an interval or a status outside it. Plans here are ones a careless provider might build.
 */
import { describe, expect, it } from 'vitest';
import type { ProviderCapabilities } from '../../src/core/capabilities.js';
import { UnsupportedOperationError, UnsupportedRecurrenceError } from '../../src/core/errors.js';
import type { RecurrenceSpec } from '../../src/core/model.js';
import { ok } from '../../src/core/result.js';
import { runWrite, type PlannedRequest } from '../../src/core/runner.js';

const ONE_TIME_ONLY: ProviderCapabilities = {
  recurrenceKinds: ['ONE_TIME', 'INTERVAL'],
  intervalFrequencies: ['DAILY'],
  maxInterval: 1,
  recipientLocalTime: false,
  manualStart: false,
  canList: true,
  canUpdate: true,
  canDelete: true,
  settableStatuses: ['PAUSED'],
  notes: [],
};

function attempt(asks: { recurrence?: RecurrenceSpec | null; status?: 'PAUSED' | 'RUNNING' }) {
  const sent: PlannedRequest[] = [];
  const request: PlannedRequest = { method: 'POST', path: '/x', body: {} };
  const outcome = runWrite(ok({ requests: [request], preview: () => null, readBack: async () => null }), {
    provider: 'TRACKLY',
    capabilities: ONE_TIME_ONLY,
    ...asks,
    dryRun: false,
    send: async (planned) => {
      sent.push(planned);
    },
  });
  return { outcome, sent };
}

const weekly: RecurrenceSpec = { kind: 'WEEKLY', days: ['MONDAY'], time: '09:00', timeZone: null, recipientLocalTime: false, startDate: null, endDate: null };
const interval = (frequency: 'DAILY' | 'WEEKLY', every: number): RecurrenceSpec => ({
  kind: 'INTERVAL',
  frequency,
  interval: every,
  time: '09:00',
  timeZone: null,
  daysOfWeek: null,
  dayOfMonth: null,
  startDate: null,
  endDate: null,
});

describe('the runner enforces the declared capabilities', () => {
  it('refuses an undeclared recurrence kind, frequency or interval before sending anything', async () => {
    for (const recurrence of [weekly, interval('WEEKLY', 1), interval('DAILY', 2)]) {
      const { outcome, sent } = attempt({ recurrence });
      await expect(outcome).rejects.toBeInstanceOf(UnsupportedRecurrenceError);
      await expect(outcome).rejects.toMatchObject({ supportedKinds: ['ONE_TIME', 'INTERVAL'], supportedFrequencies: ['DAILY'] });
      expect(sent).toEqual([]);
    }
  });

  it('refuses an undeclared status', async () => {
    const { outcome, sent } = attempt({ status: 'RUNNING' });
    await expect(outcome).rejects.toBeInstanceOf(UnsupportedOperationError);
    expect(sent).toEqual([]);
  });

  it('sends what is declared, the very request planned', async () => {
    const { outcome, sent } = attempt({ recurrence: interval('DAILY', 1), status: 'PAUSED' });
    await expect(outcome).resolves.toMatchObject({ dryRun: false, requests: sent });
    expect(sent).toHaveLength(1);
  });
});
