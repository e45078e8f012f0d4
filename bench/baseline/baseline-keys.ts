// The baseline's Redis keys, shared by its server and the bench that sets its sales up.
export function baselineKeys(prefix: string, saleId: number) {
  const sale = `${prefix}:baseline:sale:${saleId}`;
  return { stock: `${sale}:stock`, limit: `${sale}:limit`, user: (userId: number) => `${sale}:user:${userId}` };
}
