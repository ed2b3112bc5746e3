package onebox.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Optional;

/** A password or token: never printed, compared in constant time. */
public record Secret(String value) {

    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** Compares with every secret, each in constant time, so timing does not tell which came close. */
    public static boolean anyMatches(Collection<Secret> secrets, String candidate) {
        boolean matched = false;
        for (Secret secret : secrets) {
            matched |= secret.matches(candidate);
        }
        return matched;
    }

    /** The token of an {@code Authorization: Bearer <token>} header value, if it is one. */
    public static Optional<String> bearerToken(String authorization) {
        String prefix = "Bearer ";
        if (authorization == null || !authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return Optional.empty();
        }
        return Optional.of(authorization.substring(prefix.length()).strip());
    }

    @Override
    public String toString() {
        return "Secret[***]";
    }
}
