-- The products of the API. Names are unique as given (the canonical API is
-- case-sensitive); the seed-compatible routes match them case-insensitively
-- on input keys only, never on values.
CREATE TABLE products (
    name      VARCHAR(200) NOT NULL PRIMARY KEY,
    quantity  INTEGER      NOT NULL CHECK (quantity >= 0),
    version   BIGINT       NOT NULL DEFAULT 1
);
