package onebox.tls.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssuanceLedgerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void refusesTheFifthDuplicateWithinAWeekButCountsOtherNamesApart(@TempDir Path dir) throws Exception {
        IssuanceLedger ledger = new IssuanceLedger(dir.resolve("acme-issuances.log"), 4);
        ledger.record(List.of("a.test", "b.test"), NOW.minus(Duration.ofHours(169)));
        for (int i = 0; i < 4; i++) {
            ledger.record(List.of("b.test", "A.test"), NOW.minus(Duration.ofHours(i)));
        }
        ledger.record(List.of("c.test"), NOW);
        assertEquals(4, ledger.countWithin(List.of("a.test", "b.test"), NOW));
        assertTrue(ledger.refusal(List.of("a.test", "b.test"), NOW).orElseThrow().startsWith("4 certificates for a.test,b.test"));
        assertEquals(Optional.empty(), ledger.refusal(List.of("c.test"), NOW));
        assertEquals(Optional.empty(), new IssuanceLedger(dir.resolve("acme-issuances.log"), 4)
                .refusal(List.of("a.test", "b.test"), NOW.plus(Duration.ofHours(168))));
    }

    @Test
    void onlyLetsEncryptProductionIsLimited() {
        assertEquals(4, AcmeConfig.weeklyLimitFor(java.net.URI.create("https://acme-v02.api.letsencrypt.org/directory")));
        assertEquals(Integer.MAX_VALUE, AcmeConfig.weeklyLimitFor(java.net.URI.create("https://acme-staging-v02.api.letsencrypt.org/directory")));
    }
}
