CREATE TABLE `sync_acked` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`args` text NOT NULL,
	`actor` text NOT NULL,
	`hlc` text NOT NULL,
	`device_time` integer NOT NULL,
	`effects` text NOT NULL,
	`acked_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `sync_state` ADD `pending_device_id` text;--> statement-breakpoint
ALTER TABLE `sync_state` ADD `recovery_reason` text;--> statement-breakpoint
ALTER TABLE `sync_state` ADD `recovery_at` integer;--> statement-breakpoint
ALTER TABLE `sync_state` ADD `previous_device_id` text;