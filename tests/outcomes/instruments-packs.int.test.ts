import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../support/databases.ts';
import { casework, DAY, type Casework } from '../casework/case-support.ts';

const PACK = JSON.parse(readFileSync(new URL('../../packs/synthetic-wellbeing-pack.json', import.meta.url), 'utf8')) as {
  instrument: Record<string, unknown> & { scoring: { table: { raw: number; metric: number }[] }; licence: Record<string, unknown> };
};
const EXPIRED = JSON.parse(readFileSync(new URL('../../packs/synthetic-expired-pack.json', import.meta.url), 'utf8')) as unknown;
/** A copy of the synthetic pack with changes to its instrument. */
const variant = (changes: Record<string, unknown>) => ({ ...structuredClone(PACK), instrument: { ...structuredClone(PACK.instrument), ...changes } });
/** Answers to the synthetic pack's five items adding up to `raw` (each 1–5). */
const answersFor = (raw: number) => {
  const ids = ['teapot', 'spout', 'biscuit', 'kettle', 'cosy'];
  const base = Math.floor(raw / 5);
  return Object.fromEntries(ids.map((id, i) => [id, base + (i < raw - base * 5 ? 1 : 0)]));
};

/**
 * An administrator installs the synthetic licensed pack through the API; its made-up conversion
 * table then scores administrations exactly; an expired pack is listed but refuses new
 * administrations while old ones stay readable; invalid packs are refused with coded issues and
 * install nothing; a different pack under an installed code and version is a conflict.
 */
describe.each(TEST_DIALECTS)('instrument packs on %s', (dialect) => {
  let w: Casework;
  let caseId: string;
  const today = () => w.t.clock.now().toISOString().slice(0, 10);
  const upload = (pack: unknown, who = w.s.admin) => w.post(who, '/api/v1/instruments/packs', pack as object);
  const packCount = async () =>
    Number(
      (
        await w.t.database.db
          .selectFrom('instrument_pack')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const record = (instrument: string, raw: number, timepoint = 'baseline') =>
    w.post(w.s.jo, `/api/v1/cases/${caseId}/outcomes`, { instrument, timepoint, mode: 'self_paper', administeredOn: today(), answers: answersFor(raw) });

  beforeAll(async () => {
    w = await casework(dialect);
    caseId = (await w.newCase({ status: 'active' })).id;
  });
  afterAll(async () => w.t.close());

  it('before it is loaded, the synthetic instrument does not exist', async () => {
    const res = await record('synthetic-wellbeing', 17);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields.instrument).toBeDefined();
  });

  it('an administrator installs the pack; loading the same pack again changes nothing; audited', async () => {
    const seq = await w.lastSeq();
    const res = await upload(PACK);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: 'synthetic-wellbeing', version: '1.0', status: 'installed', licenceExpiresOn: '2099-12-31', usable: true });
    expect(res.json().checksum).toMatch(/^[0-9a-f]{64}$/);
    const again = await upload(PACK);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'unchanged', checksum: res.json().checksum });
    expect(await packCount()).toBe(1);
    const loaded = (await w.auditSince(seq)).filter((e) => e.action === 'instrument.loaded');
    expect(loaded.map((e) => [e.outcome, JSON.parse(e.summary).status])).toEqual([
      ['success', 'installed'],
      ['success', 'unchanged'],
    ]);
    expect(JSON.parse(loaded[0]?.summary ?? '{}')).toMatchObject({ code: 'synthetic-wellbeing', version: '1.0' });
  });

  it('its conversion table scores administrations exactly, with bands and change against its meaningful change', async () => {
    const base = await record('synthetic-wellbeing', 17);
    expect(base.statusCode).toBe(201);
    expect(base.json()).toMatchObject({ instrument: 'synthetic-wellbeing', version: '1.0' });
    expect(base.json().scores).toMatchObject({ method: 'conversion_table', total: 17, metric: 20.4, primary: 20.4, band: { code: 'warm', label: 'Warm' } });
    w.t.clock.advance(60 * DAY);
    const follow = await record('synthetic-wellbeing', 22, 'final');
    expect(follow.json().scores).toMatchObject({ total: 22, metric: 26.0, band: { code: 'piping_hot' } });
    const view = (await w.get(w.s.jo, `/api/v1/cases/${caseId}/outcomes`)).json();
    const synthetic = view.instruments.find((i: { instrument: { code: string } }) => i.instrument.code === 'synthetic-wellbeing');
    expect(synthetic.instrument).toMatchObject({ source: 'pack', licence: { kind: 'licensed', status: 'valid' }, meaningfulChange: { value: 2.5 } });
    expect(synthetic.administrations[1].changeFromBaseline.primary).toMatchObject({
      from: 20.4,
      to: 26,
      difference: 5.6,
      verdict: 'improved',
      basis: 'meaningful_change',
      meaningfulChange: 2.5,
      bandFrom: { code: 'warm' },
      bandTo: { code: 'piping_hot' },
    });
  });

  it('the instrument list shows built-in instruments and packs with licence status', async () => {
    expect((await upload(EXPIRED)).statusCode).toBe(201);
    for (const who of [w.s.jo, w.s.admin, w.s.commissioner, w.s.pcnLead, w.s.lead]) {
      expect((await w.get(who, '/api/v1/instruments')).statusCode).toBe(200);
    }
    const list = (await w.get(w.s.jo, '/api/v1/instruments')).json().instruments as {
      code: string;
      source: string;
      usable: boolean;
      licence: { status: string; holder: string };
      items: { text: string }[];
    }[];
    expect(list.map((i) => [i.code, i.source, i.usable, i.licence.status])).toEqual([
      ['ons4', 'built_in', true, 'open'],
      ['ons-loneliness', 'built_in', true, 'open'],
      ['ucla3', 'built_in', true, 'open'],
      ['pam', 'built_in', true, 'open'],
      ['synthetic-expired', 'pack', false, 'expired'],
      ['synthetic-wellbeing', 'pack', true, 'valid'],
    ]);
    expect(list.find((i) => i.code === 'synthetic-wellbeing')?.items[0]?.text).toBe('I have felt like a teapot');
    expect((await w.get(w.s.gp, '/api/v1/instruments')).statusCode).toBe(403);
  });

  it('an expired pack refuses new administrations with a coded error and writes nothing', async () => {
    const res = await w.post(w.s.jo, `/api/v1/cases/${caseId}/outcomes`, {
      instrument: 'synthetic-expired',
      timepoint: 'baseline',
      mode: 'face_to_face',
      administeredOn: today(),
      answers: { crumpet: 1, toast: 1, jam: 1 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_input', details: { reason: 'licence_expired', instrument: 'synthetic-expired' } });
    const n = await w.t.database.db.selectFrom('outcome_administration').select('id').where('instrument_code', '=', 'synthetic-expired').execute();
    expect(n).toHaveLength(0);
  });

  it('a licence that expires later: administrations before the day stay readable, new ones after it are refused', async () => {
    const expiresOn = new Date(w.t.clock.now().getTime() + 3 * DAY).toISOString().slice(0, 10);
    const soon = variant({ code: 'synthetic-soon', licence: { ...PACK.instrument.licence, expiresOn } });
    expect((await upload(soon)).statusCode).toBe(201);
    const c = (await w.newCase({ status: 'active' })).id;
    const body = (timepoint: string) => ({ instrument: 'synthetic-soon', timepoint, mode: 'telephone', administeredOn: today(), answers: answersFor(10) });
    expect((await w.post(w.s.jo, `/api/v1/cases/${c}/outcomes`, body('baseline'))).statusCode).toBe(201);
    w.t.clock.advance(3 * DAY);
    expect((await w.post(w.s.jo, `/api/v1/cases/${c}/outcomes`, body('review'))).statusCode).toBe(201); // the last day still counts
    w.t.clock.advance(1 * DAY);
    const refused = await w.post(w.s.jo, `/api/v1/cases/${c}/outcomes`, body('final'));
    expect(refused.json().error.details.reason).toBe('licence_expired');
    const view = (await w.get(w.s.jo, `/api/v1/cases/${c}/outcomes`)).json();
    expect(view.instruments[0].instrument).toMatchObject({ code: 'synthetic-soon', usable: false, licence: { status: 'expired' } });
    expect(view.instruments[0].administrations.map((a: { scores: { metric: number } }) => a.scores.metric)).toEqual([14.6, 14.6]);
  });

  it('invalid packs are refused with coded issues and install nothing', async () => {
    const before = await packCount();
    const table = PACK.instrument.scoring.table;
    const bad: [unknown, string][] = [
      [variant({ code: 'gappy', scoring: { method: 'conversion_table', table: table.filter((r) => r.raw !== 13) } }), 'table_missing_raw'],
      [
        variant({
          code: 'twins',
          items: [
            { id: 'teapot', text: 'a' },
            { id: 'teapot', text: 'b' },
          ],
        }),
        'duplicate_item_id',
      ],
      [variant({ code: 'banded', bands: { source: 'made up', bands: [{ code: 'all', label: 'All', min: 7, max: 20 }] } }), 'bands_do_not_cover_range'],
      [variant({ code: 'ons4' }), 'code_is_built_in'],
      [variant({ code: 'openpack', licence: { ...PACK.instrument.licence, kind: 'open', expiresOn: null } }), 'pack_not_licensed'],
      [variant({ code: 'forever', licence: { ...PACK.instrument.licence, expiresOn: null } }), 'licence_expiry_required'],
      [variant({ code: 'Bad Code' }), 'schema'],
      [{ format: 'something-else', formatVersion: 1, instrument: PACK.instrument }, 'schema'],
    ];
    for (const [pack, code] of bad) {
      const res = await upload(pack);
      expect(res.statusCode, code).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
      expect(res.json().error.details.issues.map((i: { code: string }) => i.code)).toContain(code);
    }
    expect(await packCount()).toBe(before);
  });

  it('a different pack under an installed code and version is a conflict; the installed one is kept', async () => {
    const before = await w.t.database.db
      .selectFrom('instrument_pack')
      .select(['checksum', 'definition'])
      .where('code', '=', 'synthetic-wellbeing')
      .executeTakeFirstOrThrow();
    const changed = variant({ name: 'A quietly different teapot scale' });
    const res = await upload(changed);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('conflict');
    const after = await w.t.database.db.selectFrom('instrument_pack').select(['checksum', 'definition']).where('code', '=', 'synthetic-wellbeing').execute();
    expect(after).toEqual([before]);
    expect((await upload(variant({ version: '1.1', name: 'A quietly different teapot scale' }))).statusCode).toBe(201);
  });

  it('only administrators install packs', async () => {
    for (const who of [w.s.jo, w.s.lead, w.s.commissioner]) expect((await upload(variant({ code: 'sneaky' }), who)).statusCode).toBe(403);
    expect(await w.t.database.db.selectFrom('instrument_pack').select('id').where('code', '=', 'sneaky').execute()).toHaveLength(0);
  });
});
