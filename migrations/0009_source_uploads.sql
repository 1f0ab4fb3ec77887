CREATE TABLE `source_uploads` (
	`sha256` text PRIMARY KEY NOT NULL,
	`done_at` integer,
	`failed_code` text
);
