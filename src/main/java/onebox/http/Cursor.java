package onebox.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque {@code next}/{@code after} cursor of the product list: base64url of the last name. */
final class Cursor {

    private Cursor() {}

    static String after(String lastName) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastName.getBytes(StandardCharsets.UTF_8));
    }

    static String lastName(String cursor) {
        try {
            return UriCodec.strictUtf8(Base64.getUrlDecoder().decode(cursor));
        } catch (IllegalArgumentException | HttpProblem invalid) {
            throw HttpProblem.badRequest("after is not a cursor returned by this API");
        }
    }
}
