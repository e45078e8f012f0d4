// Review REST: the buyer of a delivered item writes one review (JSON), adds images (multipart),
// edits or deletes it and lists their own ("my reviews"); anyone reads an item's reviews and a review's
// images; signed-in users vote; the item's seller hides abusive reviews.
import { EngineError } from '../../engine/platform/errors.js';
import { ReviewImageUpload } from '../../engine/reviews/review-image-upload.js';
import { deleteReviewWithImages, readReviewImage } from '../../engine/reviews/review-images.js';
import { listItemReviews, listOwnReviews, type ReviewSort } from '../../engine/reviews/review-listing.js';
import { createReview, hideReview, readVisibleReview, updateReview } from '../../engine/reviews/review-store.js';
import { voteOnReview } from '../../engine/reviews/review-votes.js';
import { queryInt, sellerOrAdmin } from '../after-sale/after-sale-guards.js';
import { validateNewReview, validateReviewHide, validateReviewUpdate, validateReviewVote } from '../after-sale/after-sale-schemas.js';
import { authenticate } from '../http/authenticate.js';
import type { EdgeContext } from '../edge-context.js';
import { bodyText, positiveId, route } from '../http/http-errors.js';
import { idPageQuery, pageLimit, withLegacyItems } from '../http/paging.js';
import { decodePositionCursor } from '../../engine/platform/db/keyset-page.js';
import { imageUploadLimits, receiveImageUpload, sendImage, UNLIMITED_BODY } from '../http/image-uploads.js';
import { parseBody } from '../http/schemas.js';

export const MAX_REVIEW_PAGE_SIZE = 50;
const sorts: readonly ReviewSort[] = ['best', 'latest'];

export function reviewRoutes(ctx: EdgeContext): void {
  const { server, db, verifier, config } = ctx;
  const limit = config.http.restMaxBodyBytes;
  const images = config.afterSale;
  const signedIn = (header: string | undefined, role?: 'buyer') => authenticate(verifier, header ?? '', role);

  server.post('/api/v1/reviews', route('create_review', async (req, res) => {
    const principal = await signedIn(req.headers.authorization, 'buyer');
    res.status(201).json(await createReview(db, principal, parseBody(await bodyText(req, limit), validateNewReview)));
  }));

  server.get('/api/v1/reviews/mine', route('my_reviews', async (req, res) => {
    const principal = await signedIn(req.headers.authorization, 'buyer');
    const { limit, before } = idPageQuery(req.query_parameters);
    res.json(await listOwnReviews(db, principal.userId, limit, before));
  }));

  server.get('/api/v1/reviews/:id', route('get_review', async (req, res) => {
    res.json(await readVisibleReview(db, positiveId(req.path_parameters.id)));
  }));

  server.patch('/api/v1/reviews/:id', route('update_review', async (req, res) => {
    const principal = await signedIn(req.headers.authorization);
    const id = positiveId(req.path_parameters.id);
    res.json(await updateReview(db, principal, id, parseBody(await bodyText(req, limit), validateReviewUpdate)));
  }));

  // DELETE carries the version it read in the query (?version=N): DELETE bodies are not portable
  server.delete('/api/v1/reviews/:id', route('delete_review', async (req, res) => {
    const principal = await signedIn(req.headers.authorization);
    const id = positiveId(req.path_parameters.id);
    const version = String(req.query_parameters.version ?? '');
    if (!/^\d{1,9}$/.test(version)) throw new EngineError('INVALID_INPUT', 'the version you read is required as ?version=N');
    await deleteReviewWithImages(db, images.reviewImageDir, principal, id, Number(version));
    res.status(204).send();
  }));

  const uploadLimits = imageUploadLimits(images.reviewMaxImages, images.reviewImageMaxBytes, images.reviewUploadsMaxConcurrent);
  // no hyper-express body limit: past one it reads the whole body before answering; the upload's cap
  // refuses a larger body on its headers instead. Every refusal is answered before the rest of the
  // body is read (refuseUpload); the review is checked before any of it is.
  server.post('/api/v1/reviews/:id/images', UNLIMITED_BODY, [], route('add_review_images', async (req, res) => {
    const principal = await signedIn(req.headers.authorization);
    const id = positiveId(req.path_parameters.id);
    res.status(201).json(await receiveImageUpload(req, uploadLimits, () => ReviewImageUpload.start(db, images, principal, id)));
  }, uploadLimits.refuse));

  server.get('/api/v1/review-images/:id', route('get_review_image', async (req, res) => {
    const imageId = positiveId(req.path_parameters.id);
    const image = await readReviewImage(db, images.reviewImageDir, imageId);
    sendImage(res, image.contentType, `review-image-${imageId}`, image.bytes);
  }));

  server.put('/api/v1/reviews/:id/vote', route('vote_review', async (req, res) => {
    const principal = await signedIn(req.headers.authorization);
    const id = positiveId(req.path_parameters.id);
    const { helpful } = parseBody(await bodyText(req, limit), validateReviewVote);
    res.json(await voteOnReview(db, principal, id, helpful));
  }));

  server.post('/api/v1/seller/reviews/:id/hide', route('hide_review', async (req, res) => {
    const principal = await sellerOrAdmin(ctx, req);
    const id = positiveId(req.path_parameters.id);
    res.json(await hideReview(db, principal, id, parseBody(await bodyText(req, limit), validateReviewHide)));
  }));

  server.get('/api/v1/items/:id/reviews', route('item_reviews', async (req, res) => {
    const itemId = positiveId(req.path_parameters.id);
    const q = req.query_parameters;
    const sort = (q.sort ?? 'best') as ReviewSort;
    if (!sorts.includes(sort)) throw new EngineError('INVALID_INPUT', `sort must be one of ${sorts.join(', ')}`);
    const size = q.limit !== undefined ? pageLimit(q.limit, MAX_REVIEW_PAGE_SIZE) : queryInt(q.size, 'size', 20, MAX_REVIEW_PAGE_SIZE);
    const page = q.cursor ? decodePositionCursor(q.cursor, size) : queryInt(q.page, 'page', 1, 10_000);
    res.json(withLegacyItems(await listItemReviews(db, itemId, sort, page, size), 'reviews'));
  }));
}
