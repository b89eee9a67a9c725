CREATE TABLE "coverage_tallies" (
	"kind" text NOT NULL,
	"target_id" uuid NOT NULL,
	"cycle" text NOT NULL,
	"due_on" date NOT NULL,
	"assigned" integer NOT NULL,
	"done" integer NOT NULL,
	CONSTRAINT "coverage_tallies_kind_target_id_cycle_due_on_pk" PRIMARY KEY("kind","target_id","cycle","due_on")
);
--> statement-breakpoint
-- The tallies follow every change that moves a count: an assignment added, removed, cancelled,
-- done or moved to another due date (statement-level triggers, so publishing to 50,000 people is
-- one aggregated upsert), and a person whose account becomes active or stops being so.
CREATE FUNCTION coverage_tally_courses() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO coverage_tallies AS t (kind, target_id, cycle, due_on, assigned, done)
    SELECT 'course', n.course_id, n.cycle, n.due_on, count(*), count(n.completed_at)
    FROM new_rows n JOIN people p ON p.id = n.person_id
    WHERE n.cancelled_at IS NULL AND p.deactivated_at IS NULL AND p.account_status = 'active'
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (kind, target_id, cycle, due_on) DO UPDATE SET assigned = t.assigned + excluded.assigned, done = t.done + excluded.done;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO coverage_tallies AS t (kind, target_id, cycle, due_on, assigned, done)
    SELECT 'course', o.course_id, o.cycle, o.due_on, -count(*), -count(o.completed_at)
    FROM old_rows o JOIN people p ON p.id = o.person_id
    WHERE o.cancelled_at IS NULL AND p.deactivated_at IS NULL AND p.account_status = 'active'
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (kind, target_id, cycle, due_on) DO UPDATE SET assigned = t.assigned + excluded.assigned, done = t.done + excluded.done;
  ELSE
    -- An update: the new rows' counts minus the old rows' counts, written only where they differ
    -- (reminders and attempts update rows without moving any count).
    INSERT INTO coverage_tallies AS t (kind, target_id, cycle, due_on, assigned, done)
    SELECT 'course', d.target, d.cycle, d.due_on, sum(d.a), sum(d.dn)
    FROM (
      SELECT n.course_id AS target, n.cycle AS cycle, n.due_on, 1 AS a, (n.completed_at IS NOT NULL)::int AS dn
      FROM new_rows n JOIN people p ON p.id = n.person_id
      WHERE n.cancelled_at IS NULL AND p.deactivated_at IS NULL AND p.account_status = 'active'
      UNION ALL
      SELECT o.course_id, o.cycle, o.due_on, -1, -((o.completed_at IS NOT NULL)::int)
      FROM old_rows o JOIN people p ON p.id = o.person_id
      WHERE o.cancelled_at IS NULL AND p.deactivated_at IS NULL AND p.account_status = 'active'
    ) d
    GROUP BY 1, 2, 3, 4
    HAVING sum(d.a) <> 0 OR sum(d.dn) <> 0
    ON CONFLICT (kind, target_id, cycle, due_on) DO UPDATE SET assigned = t.assigned + excluded.assigned, done = t.done + excluded.done;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER courses_tally_insert AFTER INSERT ON course_assignments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_tally_courses();
--> statement-breakpoint
CREATE TRIGGER courses_tally_update AFTER UPDATE ON course_assignments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_tally_courses();
--> statement-breakpoint
CREATE TRIGGER courses_tally_delete AFTER DELETE ON course_assignments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_tally_courses();
--> statement-breakpoint
CREATE FUNCTION coverage_tally_documents() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO coverage_tallies AS t (kind, target_id, cycle, due_on, assigned, done)
    SELECT 'document', n.version_id, '', n.due_on, count(*), count(n.acknowledged_at)
    FROM new_rows n JOIN people p ON p.id = n.person_id
    WHERE n.cancelled_at IS NULL AND p.deactivated_at IS NULL AND p.account_status = 'active'
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (kind, target_id, cycle, due_on) DO UPDATE SET assigned = t.assigned + excluded.assigned, done = t.done + excluded.done;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO coverage_tallies AS t (kind, target_id, cycle, due_on, assigned, done)
    SELECT 'document', o.version_id, '', o.due_on, -count(*), -count(o.acknowledged_at)
    FROM old_rows o JOIN people p ON p.id = o.person_id
    WHERE o.cancelled_at IS NULL AND p.deactivated_at IS NULL AND p.account_status = 'active'
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (kind, target_id, cycle, due_on) DO UPDATE SET assigned = t.assigned + excluded.assigned, done = t.done + excluded.done;
  ELSE
    -- An update: the new rows' counts minus the old rows' counts, written only where they differ
    -- (reminders and attempts update rows without moving any count).
    INSERT INTO coverage_tallies AS t (kind, target_id, cycle, due_on, assigned, done)
    SELECT 'document', d.target, d.cycle, d.due_on, sum(d.a), sum(d.dn)
    FROM (
      SELECT n.version_id AS target, '' AS cycle, n.due_on, 1 AS a, (n.acknowledged_at IS NOT NULL)::int AS dn
      FROM new_rows n JOIN people p ON p.id = n.person_id
      WHERE n.cancelled_at IS NULL AND p.deactivated_at IS NULL AND p.account_status = 'active'
      UNION ALL
      SELECT o.version_id, '', o.due_on, -1, -((o.acknowledged_at IS NOT NULL)::int)
      FROM old_rows o JOIN people p ON p.id = o.person_id
      WHERE o.cancelled_at IS NULL AND p.deactivated_at IS NULL AND p.account_status = 'active'
    ) d
    GROUP BY 1, 2, 3, 4
    HAVING sum(d.a) <> 0 OR sum(d.dn) <> 0
    ON CONFLICT (kind, target_id, cycle, due_on) DO UPDATE SET assigned = t.assigned + excluded.assigned, done = t.done + excluded.done;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER documents_tally_insert AFTER INSERT ON document_acknowledgments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_tally_documents();
--> statement-breakpoint
CREATE TRIGGER documents_tally_update AFTER UPDATE ON document_acknowledgments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_tally_documents();
--> statement-breakpoint
CREATE TRIGGER documents_tally_delete AFTER DELETE ON document_acknowledgments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_tally_documents();
--> statement-breakpoint
-- A person whose account becomes active adds every assignment of theirs; one that stops being
-- active takes them away (their rows stay, and count again if the account comes back).
CREATE FUNCTION coverage_tally_people() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO coverage_tallies AS t (kind, target_id, cycle, due_on, assigned, done)
  WITH changed AS (
    SELECT n.id, CASE WHEN n.deactivated_at IS NULL AND n.account_status = 'active' THEN 1 ELSE -1 END AS s
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.deactivated_at IS NULL AND n.account_status = 'active') IS DISTINCT FROM (o.deactivated_at IS NULL AND o.account_status = 'active')
  )
  SELECT 'course', a.course_id, a.cycle, a.due_on, sum(c.s), sum(c.s * (a.completed_at IS NOT NULL)::int)
  FROM changed c JOIN course_assignments a ON a.person_id = c.id
  WHERE a.cancelled_at IS NULL
  GROUP BY 1, 2, 3, 4
  UNION ALL
  SELECT 'document', a.version_id, '', a.due_on, sum(c.s), sum(c.s * (a.acknowledged_at IS NOT NULL)::int)
  FROM changed c JOIN document_acknowledgments a ON a.person_id = c.id
  WHERE a.cancelled_at IS NULL
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (kind, target_id, cycle, due_on) DO UPDATE SET assigned = t.assigned + excluded.assigned, done = t.done + excluded.done;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER people_coverage_tally AFTER UPDATE ON people REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_tally_people();
--> statement-breakpoint
-- The tallies of the rows already there.
INSERT INTO coverage_tallies (kind, target_id, cycle, due_on, assigned, done)
SELECT 'course', a.course_id, a.cycle, a.due_on, count(*), count(a.completed_at)
FROM course_assignments a JOIN people p ON p.id = a.person_id
WHERE a.cancelled_at IS NULL AND p.deactivated_at IS NULL AND p.account_status = 'active'
GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO coverage_tallies (kind, target_id, cycle, due_on, assigned, done)
SELECT 'document', a.version_id, '', a.due_on, count(*), count(a.acknowledged_at)
FROM document_acknowledgments a JOIN people p ON p.id = a.person_id
WHERE a.cancelled_at IS NULL AND p.deactivated_at IS NULL AND p.account_status = 'active'
GROUP BY 1, 2, 3, 4;
