import { describe, expect, it } from 'vitest';
import { getRegistration } from '../../../shared/registrations/get-registration';
import { listRegistrations } from '../../../shared/registrations/list-registrations';
import { resubmitRegistration } from '../../../shared/registrations/resubmit-registration';
import { inMemoryWorld } from '../../support/in-memory';
import { EVA, IVAR, KARI, OLA, decide, givenSubmitted, software } from '../../support/in-memory/scenarios';

/** Issue 19, item 4: approvers see what a resubmission changed, on the registration and in the queue. */
describe('a resubmission in context', () => {
  const givenResubmitted = async () => {
    const world = inMemoryWorld();
    const r = await givenSubmitted(world);
    await decide(world, r.id, 'IT', 'approve');
    await decide(world, r.id, 'ED', 'request-changes', 'A bigger room, please');
    world.clock.advance({ days: 1 });
    await resubmitRegistration(world, KARI, r.id, { ...r.form, exam: { ...r.form.exam, candidates: 150 }, notes: 'Room R1' });
    return { world, id: r.id };
  };

  it('given a round 2, then the approver’s queue item names the changed fields, without their values', async () => {
    const { world, id } = await givenResubmitted();
    const item = (await listRegistrations(world, EVA, {})).items.find((i) => i.id === id);
    expect(item?.changedFields).toEqual(['exam.candidates', 'notes']);
    expect(item).not.toHaveProperty('changes');
  });

  it('given a round 2, then the registration gives each change with both values', async () => {
    const { world, id } = await givenResubmitted();
    expect((await getRegistration(world, IVAR, id)).changes).toEqual([
      { field: 'exam.candidates', before: 120, after: 150 },
      { field: 'notes', before: '', after: 'Room R1' },
    ]);
  });

  it('given round 1, then neither carries changes', async () => {
    const world = inMemoryWorld();
    const r = await givenSubmitted(world);
    expect((await listRegistrations(world, EVA, {})).items[0]).not.toHaveProperty('changedFields');
    expect(await getRegistration(world, EVA, r.id)).not.toHaveProperty('changes');
  });
});

/** Issue 19, item 8: a second identical software request while the first is pending. */
describe('an identical software request already pending', () => {
  const warningsOf = (r: { derived: { warnings: { code: string; message: string }[] } }) => r.derived.warnings.filter((w) => w.code === 'DUPLICATE_PENDING_REQUEST');

  it('given the same course, exam and programs pending, then the second is accepted with a warning naming the first', async () => {
    const world = inMemoryWorld();
    const body = software(world);
    const first = await givenSubmitted(world, body);
    expect(warningsOf(first)).toEqual([]);
    const second = await givenSubmitted(world, body);
    expect(warningsOf(second)).toEqual([{ code: 'DUPLICATE_PENDING_REQUEST', message: `An identical request for this exam is already pending: ${first.id}` }]);
  });

  it.each([
    ['the first was decided', async (world: ReturnType<typeof inMemoryWorld>, id: string) => void (await decide(world, id, 'IT', 'reject'))],
    ['the first is someone else’s', null],
  ])('given %s, then no warning', async (what, after) => {
    const world = inMemoryWorld();
    const body = software(world);
    const first = await givenSubmitted(world, body, what.includes('else') ? OLA : KARI);
    if (after) await after(world, first.id);
    expect(warningsOf(await givenSubmitted(world, body))).toEqual([]);
  });
});
