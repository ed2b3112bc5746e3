package onebox.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import onebox.products.Product;

/**
 * Strong ETags made from a product's version, and the If-Match / If-None-Match lists
 * (RFC 9110 section 13.1) compared against them.
 */
final class EntityTags {

    private EntityTags() {}

    static String of(Product product) {
        return "\"" + product.version() + "\"";
    }

    /** If-None-Match uses weak comparison: {@code W/"3"} matches {@code "3"}. */
    static boolean noneMatchHits(String header, Product current) {
        return header.strip().equals("*") || tags(header).stream()
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(of(current)::equals);
    }

    /**
     * The version an If-Match header pins for this write, or a 412 when it pins none
     * of the current one (a missing product never matches).
     */
    static long ifMatchVersion(String header, Optional<Product> current) {
        boolean matches = current.isPresent() && (header.strip().equals("*")
                // If-Match uses strong comparison: weak tags never match.
                || tags(header).contains(of(current.get())));
        if (!matches) {
            throw new HttpProblem(412, "If-Match does not match the current version");
        }
        return current.get().version();
    }

    private static List<String> tags(String header) {
        List<String> tags = new ArrayList<>();
        for (String tag : header.split(",")) {
            if (!tag.isBlank()) {
                tags.add(tag.strip());
            }
        }
        return tags;
    }
}
