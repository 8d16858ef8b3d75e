-- A family's camps and hikes are read by child (the dashboard, every request of a parent's
-- scope); the primary key leads with the activity and cannot serve them.
CREATE INDEX registrations_by_child ON registrations (child_id);
