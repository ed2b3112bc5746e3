package onebox.observability;

/** What is known about one request once its response has ended. */
record RequestRecord(
        String requestId,
        String method,
        String route,
        String path,
        int status,
        long durationNanos,
        long bytesIn,
        long bytesOut,
        String client,
        String protocol,
        String tlsVersion) {

    double durationSeconds() {
        return durationNanos / 1e9;
    }

    double durationMillis() {
        return Math.round(durationNanos / 1e4) / 100.0;
    }
}
