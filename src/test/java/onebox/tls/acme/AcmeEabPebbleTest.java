package onebox.tls.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import onebox.config.TestSettings;
import onebox.tls.CertifiedKey;
import onebox.tls.SelfSigned;
import onebox.tls.SwappableKeyManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * External Account Binding against a Pebble that requires it, configured the way an operator
 * does: ONEBOX_ACME_EAB_KID and a file named by ONEBOX_ACME_EAB_HMAC_FILE. The HMAC key is
 * made up at run time, so no secret lives in the repository.
 */
class AcmeEabPebbleTest {

    private static final String DOMAIN = "onebox.test";
    private static final String KEY_ID = "onebox-test-kid";
    private static final String HMAC_KEY = newHmacKey();
    private static PebbleServer pebble;

    @TempDir
    static Path pebbleDir;

    @BeforeAll
    static void startPebble() throws Exception {
        pebble = PebbleServer.start(pebbleDir, Duration.ofHours(1), Map.of(KEY_ID, HMAC_KEY));
    }

    @AfterAll
    static void stopPebble() {
        if (pebble != null) {
            pebble.close();
        }
    }

    @Test
    void bindingFromSettingsCreatesTheAccountAndACertificateIsIssued(@TempDir Path run) throws Exception {
        Path hmacFile = run.resolve("eab-hmac");
        Files.createFile(hmacFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(hmacFile, HMAC_KEY + "\n");
        Map<String, String> env = env(run);
        env.put("ONEBOX_ACME_EAB_KID", KEY_ID);
        env.put("ONEBOX_ACME_EAB_HMAC_FILE", hmacFile.toString());
        AcmeConfig config = AcmeConfig.from(TestSettings.of(env));
        assertEquals(Optional.of(KEY_ID), config.eabKeyId());

        long ordersBefore = pebble.ordersAdded();
        ChallengeResponder responder = new ChallengeResponder();
        SwappableKeyManager keys = new SwappableKeyManager(SelfSigned.placeholder(List.of("placeholder")));
        try (var listeners = ChallengeListeners.start(responder, keys, PebbleServer.freePort(), PebbleServer.HTTP_01_PORT);
                var source = new AcmeCertificateSource(config, responder, Clock.systemUTC(), Optional.empty())) {
            source.start(keys);
            awaitTrue(() -> source.current().isPresent() || source.status().consecutiveFailures() > 0, Duration.ofSeconds(60));
            assertEquals(Optional.empty(), source.status().lastFailure());
            assertTrustedByPebble(source.current().orElseThrow());
            assertEquals(source.current().get().leaf(), keys.current().leaf());
            assertEquals(Map.of("success/initial", 1L), source.status().attempts());
            assertEquals("VALID", source.dryRun().accountStatus());
            assertEquals(Optional.empty(), source.readiness().problem());
        }
        assertEquals(ordersBefore + 1, pebble.ordersAdded(), "one order, counted from Pebble's log");
    }

    @Test
    void withoutBindingTheAccountIsRefusedAndTheSourceSaysWhyAndKeepsTrying(@TempDir Path run) throws Exception {
        AcmeConfig config = AcmeConfig.from(TestSettings.of(env(run)));
        assertEquals(Optional.empty(), config.eabKeyId());

        long ordersBefore = pebble.ordersAdded();
        SwappableKeyManager keys = new SwappableKeyManager(SelfSigned.placeholder(List.of("placeholder")));
        try (var source = new AcmeCertificateSource(config, new ChallengeResponder(), Clock.systemUTC(), Optional.empty())) {
            source.start(keys);
            awaitTrue(() -> source.status().consecutiveFailures() >= 2, Duration.ofSeconds(30));
            String failure = source.status().lastFailure().orElseThrow();
            assertTrue(failure.startsWith("ca-error: ") && failure.contains("externalAccountBinding"), failure);
            assertEquals(Optional.of("ACME certificate pending from " + pebble.directory() + " (last failure: " + failure + ")"),
                    source.readiness().problem());
            assertEquals(Optional.empty(), source.current());
            assertEquals(keys.current().leaf().getIssuerX500Principal(), keys.current().leaf().getSubjectX500Principal(),
                    "still the self-signed placeholder");
            assertTrue(source.status().nextCheck().isPresent(), "another attempt is scheduled");
        }
        assertEquals(ordersBefore, pebble.ordersAdded(), "no order without an account");
    }

    private static Map<String, String> env(Path run) {
        Map<String, String> env = new HashMap<>(Map.of(
                "ONEBOX_TLS", "acme",
                "ONEBOX_DOMAINS", DOMAIN,
                "ONEBOX_ACME_DIRECTORY", pebble.directory().toString(),
                "ONEBOX_ACME_CA_FILE", pebble.httpsCaFile().toString(),
                "ONEBOX_ACME_EMAIL", "ops@onebox.test",
                "ONEBOX_ACME_CHALLENGE", "http-01",
                "ONEBOX_HTTP_PORT", String.valueOf(PebbleServer.HTTP_01_PORT),
                "ONEBOX_CERT_DIR", run.resolve("certs").toString(),
                "ONEBOX_DATA_DIR", run.resolve("data").toString()));
        return env;
    }

    /** 256 random bits, base64url without padding: the form CAs hand out and Pebble's config takes. */
    private static String newHmacKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    private static void assertTrustedByPebble(CertifiedKey key) throws Exception {
        var path = CertificateFactory.getInstance("X.509").generateCertPath(key.chain());
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(pebble.issuingRoot(), null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }

    private static void awaitTrue(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + limit);
            }
            TimeUnit.MILLISECONDS.sleep(50); // poll interval
        }
    }
}
