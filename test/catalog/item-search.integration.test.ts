// Keyword search of the public listing: Korean and English names matched as substrings (2-character
// Korean words included), with category, seller and price filters, sorts, and refused parameters.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CatalogFixture } from './catalog-fixture.js';

interface Summary { id: number; name: string; basePrice: number; sellerId: number }

describe('item search (integration)', () => {
  let fx: CatalogFixture;
  let sellerA: number;
  let sellerB: number;
  let audio: number;
  let kitchen: number;

  before(async () => {
    fx = await CatalogFixture.start(['edge']);
    const admin = await fx.token(1, 'admin');
    const a = await fx.token(31, 'seller');
    const b = await fx.token(32, 'seller');
    sellerA = await fx.createSeller(a, 'Sound Shop');
    sellerB = await fx.createSeller(b, '주방 상회');
    audio = await fx.createCategory(admin, '음향기기');
    kitchen = await fx.createCategory(admin, 'Kitchen');
    const items: [string, number, number, string][] = [
      ['무선이어폰 프로', 89_000, audio, a],
      ['블루투스 무선 스피커', 45_000, audio, a],
      ['Wireless Earphone Lite', 39_000, audio, a],
      ['유선 헤드폰', 25_000, audio, a],
      ['Smartphone Stand', 12_000, kitchen, b],
      ['무선 핸드블렌더', 59_000, kitchen, b],
      ['스테인리스 냄비 세트', 79_000, kitchen, b],
    ];
    for (const [name, basePrice, categoryId, token] of items) {
      const item = await fx.createItem(token, { sellerId: token === a ? sellerA : sellerB, categoryId, name, basePrice });
      await fx.advanceTo(token, item, 'SALES');
    }
    // not on public view: never found
    await fx.createItem(a, { sellerId: sellerA, categoryId: audio, name: '무선 충전기 (준비중)' });
  });
  after(async () => {
    await fx?.close();
  });

  const search = async (query: string): Promise<Summary[]> => {
    const answer = await fx.send('GET', `/api/v1/items?${query}`);
    assert.equal(answer.status, 200, `${query}: ${answer.text}`);
    return answer.json().items;
  };
  const names = async (query: string) => (await search(query)).map((i) => i.name).sort();

  it('search - a 2-character Korean word is found inside longer words, public items only', async () => {
    assert.deepEqual(await names(`q=${encodeURIComponent('무선')}`), ['무선 핸드블렌더', '무선이어폰 프로', '블루투스 무선 스피커'].sort());
    assert.deepEqual(await names(`q=${encodeURIComponent('이어')}`), ['무선이어폰 프로']);
    assert.deepEqual(await names(`q=${encodeURIComponent('선이어폰')}`), ['무선이어폰 프로'], 'longer Korean queries use the trigram index');
    assert.deepEqual(await names(`q=${encodeURIComponent('헤드')}`), ['유선 헤드폰']);
  });

  it('search - English substrings, case-insensitive; LIKE wildcards are taken literally', async () => {
    assert.deepEqual(await names('q=phone'), ['Smartphone Stand', 'Wireless Earphone Lite']);
    assert.deepEqual(await names('q=EARPHONE'), ['Wireless Earphone Lite']);
    assert.deepEqual(await names('q=St'), ['Smartphone Stand']);
    assert.deepEqual(await names(`q=${encodeURIComponent('%%')}`), []);
    assert.deepEqual(await names(`q=${encodeURIComponent('_ _')}`), []);
    assert.deepEqual(await names('q=nothing-like-this'), []);
  });

  it('search - filters by category, seller and price range, and sorts', async () => {
    const q = `q=${encodeURIComponent('무선')}`;
    assert.deepEqual(await names(`${q}&category=${kitchen}`), ['무선 핸드블렌더']);
    assert.deepEqual(await names(`${q}&sellerId=${sellerA}`), ['무선이어폰 프로', '블루투스 무선 스피커'].sort());
    assert.deepEqual(await names(`${q}&minPrice=45000&maxPrice=60000`), ['무선 핸드블렌더', '블루투스 무선 스피커'].sort());
    assert.deepEqual(await names('minPrice=70000'), ['무선이어폰 프로', '스테인리스 냄비 세트'].sort(), 'price range without a query');
    const asc = (await search(`${q}&sort=price_asc`)).map((i) => i.basePrice);
    assert.deepEqual(asc, [45_000, 59_000, 89_000]);
    const desc = (await search(`category=${audio}&sort=price_desc`)).map((i) => i.basePrice);
    assert.deepEqual(desc, [89_000, 45_000, 39_000, 25_000]);
    const relevance = await search('q=phone');
    assert.equal(relevance.length, 2);
    const newest = (await search('q=phone&sort=newest')).map((i) => i.name);
    assert.deepEqual(newest, ['Smartphone Stand', 'Wireless Earphone Lite']);
    const page = await fx.send('GET', `/api/v1/items?${q}&size=2&page=2`);
    assert.equal(page.json().total, 3);
    assert.equal(page.json().items.length, 1);
  });

  it('search - each query is its own cache entry', async () => {
    assert.equal((await search('q=phone')).length, 2);
    assert.equal((await search('q=phones')).length, 0);
    assert.equal((await search('q=phone&maxPrice=20000')).length, 1);
    assert.equal((await search('q=phone')).length, 2);
  });

  it('search - 2-character queries have an index (the bigram array), longer ones the trigram index', async () => {
    const client = await fx.db.connect();
    try {
      // the test catalog is small enough that the planner would scan; forbid it to see what the indexes serve
      await client.query('SET enable_seqscan = off');
      const plan = async (sql: string, params: unknown[]) =>
        (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
      assert.match(await plan(`SELECT id FROM items i WHERE i.name_bigrams @> ARRAY[lower($1::text)] AND i.name ILIKE $2`, ['무선', '%무선%']), /items_name_bigrams_idx/);
      assert.match(await plan(`SELECT id FROM items i WHERE i.name ILIKE $1`, ['%선이어%']), /items_name_trgm_idx/);
    } finally {
      await client.query('RESET enable_seqscan');
      client.release();
    }
  });

  it('search - refused parameters answer 400 with a code', async () => {
    const bad: [string, string][] = [
      [`q=${encodeURIComponent('무')}`, 'SEARCH_TOO_SHORT'],
      ['q=a', 'SEARCH_TOO_SHORT'],
      [`q=${encodeURIComponent('  a  ')}`, 'SEARCH_TOO_SHORT'],
      [`q=${'x'.repeat(101)}`, 'INVALID_INPUT'],
      ['minPrice=-1', 'INVALID_INPUT'],
      ['maxPrice=1.5', 'INVALID_INPUT'],
      ['minPrice=abc', 'INVALID_INPUT'],
      ['minPrice=5000&maxPrice=4000', 'INVALID_PRICE_RANGE'],
      ['sellerId=0', 'INVALID_INPUT'],
      ['q=phone&sort=cheapest', 'INVALID_INPUT'],
      ['q=phone&q=earphone', 'INVALID_INPUT'],
    ];
    for (const [query, code] of bad) {
      const answer = await fx.send('GET', `/api/v1/items?${query}`);
      assert.equal(answer.status, 400, `${query}: ${answer.text}`);
      assert.equal(answer.json().error.code, code, query);
    }
  });
});
