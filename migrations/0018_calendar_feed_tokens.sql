CREATE TABLE `calendar_feed_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`department_code` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_feed_tokens_token_hash_unique` ON `calendar_feed_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `calendar_feed_tokens_user` ON `calendar_feed_tokens` (`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_feed_tokens_live` ON `calendar_feed_tokens` (`user_id`,`department_code`) WHERE revoked_at is null;