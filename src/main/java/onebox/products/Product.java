package onebox.products;

/**
 * A product as stored. {@code version} grows by one on every change; the HTTP layer
 * turns it into the ETag, so If-Match compares versions, not bodies.
 */
public record Product(String name, int quantity, long version) {}
