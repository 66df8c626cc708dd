/**
 * `LocalTime` input over HTTP as front ends send it: `Temporal.PlainTime#toString()` and graphql-scalars'
 * `LocalTime` write "14:30:00"; the gateway reads that as "14:30", refuses non-zero seconds with a message that
 * says what to send, and always answers "HH:MM".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const PREVIEW = `query Preview($time: LocalTime!) {
  previewRecurrence(recurrence: { weekly: { days: [MONDAY], time: $time, timeZone: "Europe/Paris", startDate: "2027-06-01T00:00:00Z" } }, first: 2) {
    at localDateTime timeZone
  }
}`;
const WEEKLY_DRY_RUN = `mutation Create($time: LocalTime!) {
  createSchedule(input: {
    target: { burki: { campaignId: 1 } }
    recurrence: { weekly: { days: [MONDAY], time: $time, timeZone: "Europe/Paris" } }
    dryRun: true
  }) {
    __typename
    ... on CreateScheduleSuccess { upstreamCalls { body } }
  }
}`;

type Preview = { previewRecurrence: Array<{ at: string; localDateTime: string }> };

describe('LocalTime accepts HH:MM:SS with zero seconds', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('"14:30:00" (Temporal.PlainTime#toString) as a variable gives the same runs as "14:30"', async () => {
    const sent = Temporal.PlainTime.from({ hour: 14, minute: 30 }).toString();
    expect(sent).toBe('14:30:00');
    const withSeconds = await gw.gql<Preview>(PREVIEW, { time: sent });
    const plain = await gw.gql<Preview>(PREVIEW, { time: '14:30' });
    expect(withSeconds.errors).toBeUndefined();
    expect(withSeconds.data?.previewRecurrence).toEqual(plain.data?.previewRecurrence);
    expect(withSeconds.data?.previewRecurrence[0]?.localDateTime).toMatch(/T14:30:00$/);
  });

  it('"09:05:00" as a literal is read too; ".000" fractions of zero as well', async () => {
    const literal = await gw.gql<Preview>(`{
      previewRecurrence(recurrence: { weekly: { days: [MONDAY], time: "09:05:00", timeZone: "Europe/Paris", startDate: "2027-06-01T00:00:00Z" } }, first: 1) {
        at localDateTime timeZone
      }
    }`);
    expect(literal.errors).toBeUndefined();
    expect(literal.data?.previewRecurrence[0]?.localDateTime).toMatch(/T09:05:00$/);
    const fraction = await gw.gql<Preview>(PREVIEW, { time: '09:05:00.000' });
    expect(fraction.data?.previewRecurrence[0]?.localDateTime).toMatch(/T09:05:00$/);
  });

  it('the provider gets the same body as for "14:30" (minutes only)', async () => {
    type Created = { createSchedule: { upstreamCalls: Array<{ body: unknown }> } };
    const withSeconds = await gw.gql<Created>(WEEKLY_DRY_RUN, { time: '14:30:00' });
    const plain = await gw.gql<Created>(WEEKLY_DRY_RUN, { time: '14:30' });
    expect(withSeconds.errors).toBeUndefined();
    expect(withSeconds.data?.createSchedule.upstreamCalls.length).toBeGreaterThan(0);
    expect(withSeconds.data?.createSchedule.upstreamCalls).toEqual(plain.data?.createSchedule.upstreamCalls);
  });

  it('non-zero seconds are refused with a message saying what to send', async () => {
    const refused = await gw.gql(PREVIEW, { time: '14:30:15' });
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.[0]?.message).toMatch(/LocalTime has minute precision: seconds must be 00, got "14:30:15" \(send "14:30" or "14:30:00"\)/);
    const invalid = await gw.gql(PREVIEW, { time: '24:00:00' });
    expect(invalid.errors?.[0]?.message).toMatch(/LocalTime must be "HH:MM" \(or "HH:MM:00"\) on a 24-hour clock/);
  });
});
