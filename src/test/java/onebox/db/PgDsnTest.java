package onebox.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import onebox.config.Secret;
import org.junit.jupiter.api.Test;

class PgDsnTest {

    @Test
    void libpqUrlBecomesJdbcUrlWithCredentialsApart() {
        PgDsn dsn = PgDsn.parse("postgres://app:s3cret@db.example:6432/shop?sslmode=require");

        assertEquals("jdbc:postgresql://db.example:6432/shop?sslmode=require", dsn.jdbcUrl());
        assertEquals(Optional.of("app"), dsn.user());
        assertEquals("s3cret", dsn.password().orElseThrow().value());
    }

    @Test
    void postgresqlSchemeAndMissingPortDefaultTo5432() {
        PgDsn dsn = PgDsn.parse("postgresql://app@db.example/shop");

        assertEquals("jdbc:postgresql://db.example:5432/shop", dsn.jdbcUrl());
        assertEquals(Optional.of("app"), dsn.user());
        assertEquals(Optional.empty(), dsn.password());
    }

    @Test
    void userAndPasswordArePercentDecodedAndPlusStaysPlus() {
        PgDsn dsn = PgDsn.parse("postgres://us%40er:p%3Aa%2Fss+w%25rd%20x@localhost/db");

        assertEquals(Optional.of("us@er"), dsn.user());
        assertEquals("p:a/ss+w%rd x", dsn.password().orElseThrow().value());
    }

    @Test
    void bracketedIpv6HostIsKept() {
        PgDsn dsn = PgDsn.parse("postgres://app:pw@[::1]:5433/db");

        assertEquals("jdbc:postgresql://[::1]:5433/db", dsn.jdbcUrl());
        assertEquals("[::1]:5433/db", dsn.location());
    }

    @Test
    void libpqParametersAreRenamedForPgjdbc() {
        PgDsn dsn = PgDsn.parse("postgres://h/db?sslmode=verify-full&sslrootcert=/etc/ca.pem"
                + "&connect_timeout=7&application_name=shop%20api");

        assertEquals("jdbc:postgresql://h:5432/db?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem"
                + "&connectTimeout=7&ApplicationName=shop+api", dsn.jdbcUrl());
    }

    @Test
    void unknownParameterIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PgDsn.parse("postgres://u:pw@h/db?pool_max_conns=4"));

        assertEquals("PG_DSN parameter 'pool_max_conns' is not supported (use sslmode, sslrootcert,"
                + " connect_timeout, application_name or a pgjdbc property)", e.getMessage());
    }

    @Test
    void jdbcUrlKeepsItsParametersButNotItsCredentials() {
        PgDsn dsn = PgDsn.parse("jdbc:postgresql://h:5439/db?user=app&password=p%26w&sslmode=require");

        assertEquals("jdbc:postgresql://h:5439/db?sslmode=require", dsn.jdbcUrl());
        assertEquals(Optional.of("app"), dsn.user());
        assertEquals("p&w", dsn.password().orElseThrow().value());
        assertEquals("h:5439/db", dsn.location());
    }

    @Test
    void toStringNeverShowsThePassword() {
        PgDsn dsn = PgDsn.parse("postgres://app:hunter2@h/db").withPassword(new Secret("other-secret"));

        assertEquals("PgDsn[jdbc:postgresql://h:5432/db, user=app, password=***]", dsn.toString());
        assertFalse(dsn.toString().contains("hunter2"));
    }

    @Test
    void passwordOverrideReplacesTheDsnPassword() {
        PgDsn dsn = PgDsn.parse("postgres://app:old@h/db").withPassword(new Secret("new"));

        assertEquals("new", dsn.password().orElseThrow().value());
    }

    @Test
    void malformedDsnErrorsDoNotQuoteThePassword() {
        IllegalArgumentException badEscape = assertThrows(IllegalArgumentException.class,
                () -> PgDsn.parse("postgres://app:hunter%zz@h/db"));
        IllegalArgumentException badScheme = assertThrows(IllegalArgumentException.class,
                () -> PgDsn.parse("mysql://app:hunter2@h/db"));

        assertFalse(badEscape.getMessage().contains("hunter"), badEscape.getMessage());
        assertEquals("PG_DSN must start with postgres://, postgresql:// or jdbc:postgresql:", badScheme.getMessage());
    }
}
