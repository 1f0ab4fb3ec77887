ALTER TABLE `credentials` ADD `public_key` text;--> statement-breakpoint
ALTER TABLE `credentials` ADD `wrapped_key` text;--> statement-breakpoint
ALTER TABLE `credentials` ADD `site_id` text;