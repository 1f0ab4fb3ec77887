CREATE TABLE `sync_members` (
	`tbl` text NOT NULL,
	`row_id` text NOT NULL,
	`bucket` text NOT NULL,
	`hlc` text NOT NULL,
	PRIMARY KEY(`tbl`, `row_id`, `bucket`)
) WITHOUT ROWID;
--> statement-breakpoint
-- Hand-added (drizzle cannot declare WITHOUT ROWID, nor move rows): the membership the device already holds.
INSERT INTO `sync_members` (`tbl`, `row_id`, `bucket`, `hlc`) SELECT `tbl`, `row_id`, `bucket`, `hlc` FROM `sync_bucket_rows`;
--> statement-breakpoint
DELETE FROM `sync_bucket_rows`;
