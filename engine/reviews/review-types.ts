// Wire types of reviews.

export interface NewReview {
  orderItemId: number;
  title: string;
  content?: string;
  stars: number;
}

export interface ReviewUpdate {
  version: number;
  title?: string;
  content?: string;
  stars?: number;
}

export interface ReviewHide {
  version: number;
  reason: string;
}

export interface ReviewImageView {
  id: number;
  url: string;
  contentType: string;
  sizeBytes: number;
}

export interface ReviewView {
  id: number;
  itemId: number;
  orderItemId: number;
  /** the reviewer's name with all but its first character masked ("K**"), or "anonymous" */
  reviewer: string;
  title: string;
  content: string;
  stars: number;
  helpful: number;
  notHelpful: number;
  hidden: boolean;
  images: ReviewImageView[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type StarHistogram = Record<'1' | '2' | '3' | '4' | '5', number>;

export interface ReviewPage {
  itemId: number;
  total: number;
  averageStars: number;
  histogram: StarHistogram;
  /** page and size: the older paging, answered for one release */
  page: number;
  size: number;
  items: ReviewView[];
  /** the `cursor` of the following page (a position: the order follows helpful votes), null on the last */
  next: string | null;
}

export interface VoteResult {
  reviewId: number;
  helpful: number;
  notHelpful: number;
  yourVote: 'helpful' | 'not_helpful';
}
