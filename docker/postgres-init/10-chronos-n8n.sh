#!/bin/sh
# Creates the roles and databases of admin-api and n8n next to each other. The postgres image
# runs this once, on the first start of an empty data volume, as the superuser over the local
# socket. Names and passwords come from the environment (docker/.env via compose); psql reads
# them with \getenv, so no password appears in a command line, and quotes them itself (:'…'
# as a literal, :"…" as an identifier).
#
# - chronos: owns its database (migrations create the trusted extensions pgcrypto, btree_gist,
#   pg_trgm, citext as the owner) and may create databases (restore checks and live restores
#   work in scratch databases, then swap by renaming).
# - n8n: owns its database only.
# Neither database accepts connections from PUBLIC, so n8n's role cannot open Chronos's
# database (n8n never gets Chronos's credentials, see ARCHITECTURE) and vice versa. The
# "postgres" database keeps PUBLIC's CONNECT: admin-api's scratch connection and
# pg_dumpall --globals-only use it.
set -eu

psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname postgres <<'SQL'
\getenv chronos_db CHRONOS_DB_NAME
\getenv chronos_user CHRONOS_DB_USER
\getenv chronos_password CHRONOS_DB_PASSWORD
\getenv n8n_db N8N_DB_NAME
\getenv n8n_user N8N_DB_USER
\getenv n8n_password N8N_DB_PASSWORD

CREATE ROLE :"chronos_user" LOGIN CREATEDB PASSWORD :'chronos_password';
CREATE DATABASE :"chronos_db" OWNER :"chronos_user";
REVOKE CONNECT, TEMPORARY ON DATABASE :"chronos_db" FROM PUBLIC;

CREATE ROLE :"n8n_user" LOGIN PASSWORD :'n8n_password';
CREATE DATABASE :"n8n_db" OWNER :"n8n_user";
REVOKE CONNECT, TEMPORARY ON DATABASE :"n8n_db" FROM PUBLIC;
SQL
