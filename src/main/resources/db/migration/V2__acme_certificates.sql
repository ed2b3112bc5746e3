-- ACME certificates shared by every onebox instance on this database, so that
-- instances behind one name order a certificate once and all serve it. The
-- order itself is guarded by a PostgreSQL advisory lock (see SharedCertificates).
--
-- One row per CA directory and set of names (sorted, lower-case, joined by ','):
-- a staging certificate is never served in prod. The key is stored as PEM,
-- unencrypted: the database is as trusted as ONEBOX_CERT_DIR, which holds the
-- same key in a 0600 file; whoever can read this table can read the products too.
CREATE TABLE acme_certificates (
    directory   VARCHAR(1000) NOT NULL,
    domains     VARCHAR(5000) NOT NULL,
    chain_pem   TEXT          NOT NULL,
    key_pem     TEXT          NOT NULL,
    not_after   TIMESTAMPTZ   NOT NULL,
    updated_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    PRIMARY KEY (directory, domains)
);

-- HTTP-01 answers of an order in progress. Behind a load balancer the CA's
-- validation request may reach any instance; one that does not hold the
-- token looks it up here. Rows live only while their challenge is pending.
CREATE TABLE acme_http01_challenges (
    token              VARCHAR(256) NOT NULL PRIMARY KEY,
    key_authorization  TEXT         NOT NULL,
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT now()
);
