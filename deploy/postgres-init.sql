-- Run once by the postgres image on a new volume (deploy/compose.yaml): the Prefect server's
-- database is POSTGRES_DB (prefect); nongrata's own app database is a second one.
CREATE DATABASE nongrata;
