CREATE TABLE `device_info` (
	`id` text PRIMARY KEY NOT NULL,
	`device_id` text NOT NULL,
	`kind` text NOT NULL,
	`operator_id` text NOT NULL,
	`site_id` text,
	`worker_id` text,
	`hlc` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `field_history` (
	`id` text PRIMARY KEY NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`field` text NOT NULL,
	`old_value` text,
	`new_value` text,
	`old_hlc` text,
	`hlc` text NOT NULL,
	`lost` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `field_history_row` ON `field_history` (`table_name`,`row_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`args` text NOT NULL,
	`actor` text NOT NULL,
	`hlc` text NOT NULL,
	`device_time` integer NOT NULL,
	`effects` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `outbox_id` ON `outbox` (`id`);--> statement-breakpoint
CREATE TABLE `outbox_seq` (
	`id` integer PRIMARY KEY NOT NULL,
	`last` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `pin_attempts` (
	`subject` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`locked_until` integer,
	`last_failure_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`target_id` text,
	`details` text NOT NULL,
	`device_id` text NOT NULL,
	`hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `credentials` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`subject_type` text NOT NULL,
	`kind` text NOT NULL,
	`hash` text NOT NULL,
	`hlc` text NOT NULL,
	`field_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`client_name` text NOT NULL,
	`kind` text NOT NULL,
	`restriction` text NOT NULL,
	`status` text NOT NULL,
	`start_date` text,
	`due_date` text,
	`hlc` text NOT NULL,
	`field_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `jobs_code` ON `jobs` (`code`);--> statement-breakpoint
CREATE TABLE `operators` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`hlc` text NOT NULL,
	`field_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`active` integer NOT NULL,
	`hlc` text NOT NULL,
	`field_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`login_id` text NOT NULL,
	`family_name` text NOT NULL,
	`given_name` text NOT NULL,
	`role` text NOT NULL,
	`site_id` text,
	`active` integer NOT NULL,
	`hlc` text NOT NULL,
	`field_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `staff_login` ON `staff` (`login_id`);--> statement-breakpoint
CREATE TABLE `workers` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`code` text NOT NULL,
	`family_name` text NOT NULL,
	`given_name` text NOT NULL,
	`family_name_kana` text NOT NULL,
	`given_name_kana` text NOT NULL,
	`role` text NOT NULL,
	`home_site_id` text,
	`skill_it` text,
	`skill_business` text,
	`invoice_number` text,
	`active` integer NOT NULL,
	`hlc` text NOT NULL,
	`field_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `workers_code` ON `workers` (`code`);--> statement-breakpoint
CREATE INDEX `workers_home_site` ON `workers` (`home_site_id`);