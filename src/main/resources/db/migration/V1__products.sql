-- The products of the API. Names are unique as given (the canonical API is
-- case-sensitive); the seed-compatible routes match them case-insensitively
-- on input keys only, never on values.
--
-- COLLATE "C" orders names by code point whatever locale the server was
-- initialised with, so pages and cursors are the same on every PostgreSQL.
--
-- Versions come from one sequence: they grow on every change and are never
-- reused, not even after a delete and re-create, so an old ETag never matches.
CREATE SEQUENCE product_versions;

CREATE TABLE products (
    name      VARCHAR(200) COLLATE "C" NOT NULL PRIMARY KEY,
    quantity  INTEGER      NOT NULL CHECK (quantity >= 0),
    version   BIGINT       NOT NULL DEFAULT nextval('product_versions')
);
