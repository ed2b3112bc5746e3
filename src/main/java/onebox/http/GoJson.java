package onebox.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import onebox.products.Product;

/**
 * JSON as the seed's Go service reads and writes it with encoding/json, so that its
 * clients see no difference: keys matched case-insensitively (the last match wins),
 * unknown keys and trailing data ignored, a missing quantity is 0; output with the
 * keys {@code Name} and {@code quantity}, HTML-safe escapes and a trailing newline.
 */
final class GoJson {

    private GoJson() {}

    static ProductInput read(byte[] body) {
        String name = "";
        int quantity = 0;
        try (JsonParser json = Json.MAPPER.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw HttpProblem.badRequest("body must be a JSON object");
            }
            for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; token = json.nextToken()) {
                String key = json.currentName();
                JsonToken value = json.nextToken();
                if (value == JsonToken.VALUE_NULL) {
                    continue; // Go leaves the field as it was
                } else if (key.equalsIgnoreCase("name")) {
                    name = stringValue(json, value);
                } else if (key.equalsIgnoreCase("quantity")) {
                    quantity = intValue(json, value);
                } else {
                    json.skipChildren();
                }
            }
        } catch (JacksonException invalid) {
            throw HttpProblem.badRequest("body is not valid JSON: " + invalid.getOriginalMessage());
        } catch (IOException impossible) {
            throw new IllegalStateException("reading JSON from memory failed", impossible);
        }
        return new ProductInput(name, quantity);
    }

    static byte[] write(Product product) {
        return (object(product) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] writeAll(List<Product> products) {
        var out = new StringBuilder("[");
        for (Product product : products) {
            out.append(out.length() > 1 ? "," : "").append(object(product));
        }
        return out.append("]\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String object(Product product) {
        return "{\"Name\":" + string(product.name()) + ",\"quantity\":" + product.quantity() + "}";
    }

    /** Go's encoder escapes <, > and & and the JavaScript line separators, unlike most others. */
    static String string(String value) {
        var out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String stringValue(JsonParser json, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw HttpProblem.badRequest("Name must be a string");
        }
        return json.getText();
    }

    /** Go decodes an int field from an integral literal only: 4 yes, 4.0 and 4e0 no. */
    private static int intValue(JsonParser json, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT || json.getNumberType() != JsonParser.NumberType.INT
                || json.getIntValue() < 0) {
            throw HttpProblem.badRequest("quantity must be an integer from 0 to 2147483647");
        }
        return json.getIntValue();
    }
}
