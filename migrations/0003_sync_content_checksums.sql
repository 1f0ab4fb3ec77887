ALTER TABLE `sync_buckets` ADD `filling` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sync_members` ADD `hash` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sync_state` ADD `checksum_version` integer DEFAULT 1 NOT NULL;