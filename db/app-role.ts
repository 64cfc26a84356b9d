// Least privilege on Postgres (docs/deployment.md, "Database roles"): migrations run as the
// role that owns Herald's tables; the app connects as a role that owns nothing. A table's
// owner (or a superuser) can drop its triggers, `ALTER TABLE … DISABLE TRIGGER` or
// `SET session_replication_role = replica` and then rewrite a sent attempt; the app role can
// do none of it — it may read and write rows, and the immutability triggers of
// db/migrations/0002_immutable-attempts.sql hold against it. The SQL below is what
// `npm run db:app-role` prints (and runs with --apply); run it as the owner role, in
// Herald's database, after `npm run db:migrate`.

export const DEFAULT_APP_ROLE = "herald_app";

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The statements that create (or bring up to date) the app role `role`, for the current database. */
export function appRoleSql(role: string = DEFAULT_APP_ROLE): string {
  if (!ROLE_NAME.test(role)) throw new Error(`"${role}" is not a plain Postgres role name (a-z, 0-9, _; 63 characters at most)`);
  return `-- Herald's app role: logs in, owns nothing, cannot create objects, bypass row security,
-- replicate or set superuser-only parameters (session_replication_role). Set its password
-- afterwards: ALTER ROLE ${role} WITH PASSWORD '…';
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN
    CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS;
  ELSIF EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}'
                AND (rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls)) THEN
    RAISE EXCEPTION 'role ${role} exists with powers the app role must not have (superuser, createdb, createrole, replication or bypassrls)';
  END IF;
END
$$;

-- Rows only: read and write every table of the schema, use its sequences.
GRANT USAGE ON SCHEMA public TO ${role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role};

-- Tables and sequences later migrations create (as the role running this) get the same.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role};
`;
}
