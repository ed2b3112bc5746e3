package onebox.admin;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The status page: one HTML file with its CSS and JS inline. The CSP allows exactly that
 * inline style and script (by hash) and fetches to this origin, nothing else.
 */
final class StatusPage implements HttpHandler {

    private static final String RESOURCE = "/onebox/admin/status.html";

    private final String html;
    private final String policy;

    StatusPage() {
        html = load();
        policy = "default-src 'none'; "
                + "script-src " + hashOf("script") + "; "
                + "style-src " + hashOf("style") + "; "
                + "connect-src 'self'; img-src 'self' data:; "
                + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    String contentSecurityPolicy() {
        return policy;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        var headers = exchange.getResponseHeaders();
        headers.put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
        headers.put(Headers.CONTENT_SECURITY_POLICY, policy);
        headers.put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
        headers.put(Headers.REFERRER_POLICY, "no-referrer");
        headers.put(Headers.CACHE_CONTROL, "no-cache");
        exchange.getResponseSender().send(html, StandardCharsets.UTF_8);
    }

    /** 'sha256-…' of the one inline element with this tag, as CSP Level 2 defines it. */
    private String hashOf(String tag) {
        Matcher m = Pattern.compile("<" + tag + ">(.*?)</" + tag + ">", Pattern.DOTALL).matcher(html);
        if (!m.find()) {
            throw new IllegalStateException(RESOURCE + " has no inline <" + tag + ">");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(m.group(1).getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String load() {
        try (InputStream in = StatusPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
