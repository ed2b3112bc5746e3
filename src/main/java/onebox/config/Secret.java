package onebox.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A password or token: never printed, compared in constant time. */
public record Secret(String value) {

    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Secret[***]";
    }
}
