// The catalog `npm run bench:reserve` searches: items with Korean and English names on sale, and a
// round of search queries (2-character Korean words, longer Korean and English ones, with filters
// and sorts) that the load sends in turn.
import type { ItemView } from '../../engine/catalog/catalog-types.js';
import type { ReservationFixture } from '../../test/reservation/reservation-fixture.js';

const KOREAN = ['무선', '이어폰', '블루투스', '스피커', '충전기', '케이블', '노트북', '가방', '텀블러', '머그컵'];
const ENGLISH = ['Wireless', 'Earphone', 'Speaker', 'Charger', 'Cable', 'Laptop', 'Bag', 'Tumbler', 'Mug'];

export const SEARCH_QUERIES = [
  'q=무선', 'q=이어', 'q=충전기', 'q=블루투스스피커', 'q=텀블러&sort=price_asc', 'q=가방&maxPrice=30000',
  'q=phone', 'q=Speaker', 'q=cable&minPrice=10000&maxPrice=40000', 'q=Mug&sort=newest', 'q=wire', 'q=Laptop Bag',
].map((query) => `/api/v1/items?${query.replace(/q=([^&]+)/, (_, q: string) => `q=${encodeURIComponent(q)}`)}&size=20`);

/** Creates `count` searchable items on sale (as the fixture's seller). */
export async function createSearchableItems(fx: ReservationFixture, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const name = `${KOREAN[i % KOREAN.length]}${KOREAN[(i * 3 + 1) % KOREAN.length]} ${ENGLISH[i % ENGLISH.length]} ${ENGLISH[(i * 5 + 2) % ENGLISH.length]} ${i}`;
    const answer = await fx.asSeller('POST', '/api/v1/seller/items', {
      sellerId: fx.sellerId, categoryId: fx.categoryId, name, productType: 'REALTIME', basePrice: 5_000 + (i % 50) * 1_000, skus: [{ stock: 10 }],
    });
    if (answer.status !== 201) throw new Error(`creating a searchable item: ${answer.status} ${answer.text}`);
    await fx.advance(answer.json() as ItemView, 'SALES');
  }
}
