// Item images: the item's seller uploads them (multipart, through edge/http/image-uploads.ts: the item
// is checked before the body is read); anyone reads an image, or its WebP thumbnail, of an item on
// public view. The item detail lists them.
import type HyperExpress from 'hyper-express';
import { ItemImageUpload, type ItemImageContext } from '../../engine/catalog/item-image-upload.js';
import { readItemImage } from '../../engine/catalog/item-images.js';
import { authenticate } from '../http/authenticate.js';
import { positiveId, route } from '../http/http-errors.js';
import { imageUploadLimits, receiveImageUpload, sendImage, UNLIMITED_BODY } from '../http/image-uploads.js';
import type { EdgeContext } from '../edge-context.js';

export function itemImageRoutes({ server, verifier }: EdgeContext, ctx: ItemImageContext): void {
  const { images } = ctx;
  const limits = imageUploadLimits(images.maxImages, images.maxBytes, images.uploadsMaxConcurrent);

  server.post('/api/v1/seller/items/:id/images', UNLIMITED_BODY, [], route('add_item_images', async (req, res) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '', 'seller');
    const id = positiveId(req.path_parameters.id);
    res.status(201).json(await receiveImageUpload(req, limits, () => ItemImageUpload.start(ctx, principal, id)));
  }, limits.refuse));

  const serve = (thumbnail: boolean) => async (req: HyperExpress.Request, res: HyperExpress.Response) => {
    const imageId = positiveId(req.path_parameters.id);
    const image = await readItemImage(ctx.db, images.dir, imageId, thumbnail);
    sendImage(res, image.contentType, `item-image-${imageId}${thumbnail ? '-thumbnail' : ''}`, image.bytes);
  };
  server.get('/api/v1/item-images/:id', route('get_item_image', serve(false)));
  server.get('/api/v1/item-images/:id/thumbnail', route('get_item_thumbnail', serve(true)));
}
