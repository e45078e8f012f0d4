// The one query shape of a review as clients see it (masked reviewer, images), shared by reads and lists.
import type { ReviewView } from './review-types.js';
import { maskReviewerName } from './reviewer-name.js';

/** Selects a review `r` with its reviewer's name and images; append WHERE/ORDER/LIMIT. */
export const reviewSelect = `
  SELECT r.*, u.name AS reviewer_name,
    COALESCE((SELECT json_agg(json_build_object('id', i.id, 'contentType', i.content_type, 'sizeBytes', i.size_bytes) ORDER BY i.position)
              FROM review_images i WHERE i.review_id = r.id), '[]') AS images
  FROM reviews r LEFT JOIN users u ON u.id = r.user_id`;

export interface ReviewRow {
  id: string; item_id: string; order_item_id: string; seller_id: string; user_id: string; title: string; content: string;
  stars: number; helpful: number; not_helpful: number; hidden: boolean; version: number; created_at: Date; updated_at: Date;
  reviewer_name: string | null; images: { id: number; contentType: string; sizeBytes: number }[];
}

export function reviewImageUrl(imageId: number): string {
  return `/api/v1/review-images/${imageId}`;
}

export function reviewView(r: ReviewRow): ReviewView {
  return {
    id: Number(r.id), itemId: Number(r.item_id), orderItemId: Number(r.order_item_id), reviewer: maskReviewerName(r.reviewer_name),
    title: r.title, content: r.content, stars: r.stars, helpful: r.helpful, notHelpful: r.not_helpful, hidden: r.hidden,
    images: r.images.map((i) => ({ id: Number(i.id), url: reviewImageUrl(Number(i.id)), contentType: i.contentType, sizeBytes: i.sizeBytes })),
    version: r.version, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  };
}
