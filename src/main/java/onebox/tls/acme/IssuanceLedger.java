package onebox.tls.acme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * A persisted count of issuances for the same set of names over the last 168 hours, so
 * that onebox stops before Let's Encrypt's "5 duplicate certificates per week" limit
 * (https://letsencrypt.org/docs/rate-limits/). One line per issuance: epoch seconds, names.
 */
final class IssuanceLedger {

    static final Duration WINDOW = Duration.ofHours(168);

    private final Path file;
    private final int weeklyLimit;

    /** @param weeklyLimit issuances allowed per window; the CA's own limit minus a margin */
    IssuanceLedger(Path file, int weeklyLimit) {
        this.file = file;
        this.weeklyLimit = weeklyLimit;
    }

    synchronized int countWithin(List<String> names, Instant now) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        String key = key(names);
        Instant since = now.minus(WINDOW);
        int count = 0;
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.split(" ", 2);
            if (parts.length == 2 && parts[1].equals(key) && Instant.ofEpochSecond(Long.parseLong(parts[0])).isAfter(since)) {
                count++;
            }
        }
        return count;
    }

    /** Empty when another issuance is allowed, else the reason to refuse. */
    synchronized java.util.Optional<String> refusal(List<String> names, Instant now) throws IOException {
        int count = countWithin(names, now);
        if (count < weeklyLimit) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(count + " certificates for " + key(names) + " in the last 168 h (limit "
                + weeklyLimit + " kept below the CA's duplicate-certificate limit); not ordering again; see " + file);
    }

    synchronized void record(List<String> names, Instant now) throws IOException {
        Files.writeString(file, now.getEpochSecond() + " " + key(names) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String key(List<String> names) {
        return String.join(",", new TreeSet<>(names.stream().map(String::toLowerCase).toList()));
    }
}
