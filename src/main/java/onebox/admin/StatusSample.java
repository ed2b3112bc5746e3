package onebox.admin;

/**
 * One point of the status page's charts, covering the interval that ends at {@code time}.
 * NaN means "no data" (no traffic for latency, no pool, no certificate) and is sent as null.
 */
public record StatusSample(
        long epochMillis,
        double requestsPerSecond,
        double errorsPerSecond,
        double p50Millis,
        double p99Millis,
        double poolActive,
        double poolMax,
        double certificateDaysLeft) {}
