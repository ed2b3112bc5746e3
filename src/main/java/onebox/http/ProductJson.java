package onebox.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import onebox.products.Product;

/** The canonical API's JSON: {@code {"name": string, "quantity": integer}}, read strictly. */
final class ProductJson {

    private static final Set<String> FIELDS = Set.of("name", "quantity");

    private ProductJson() {}

    /** A POST body: both fields required. */
    static ProductInput readNew(byte[] body) {
        JsonNode object = readObject(body);
        return new ProductInput(name(object).orElseThrow(() -> HttpProblem.badRequest("name is required")),
                quantity(object));
    }

    /** A PUT body: the name may be left out, but when present it must be the one in the path. */
    static ProductInput readReplacement(byte[] body, String pathName) {
        JsonNode object = readObject(body);
        name(object).filter(name -> !name.equals(pathName)).ifPresent(name -> {
            throw HttpProblem.badRequest("name in the body differs from the name in the path");
        });
        return new ProductInput(pathName, quantity(object));
    }

    static byte[] write(Product product) {
        return Json.bytes(json -> writeProduct(json, product));
    }

    static byte[] writePage(List<Product> items, Optional<String> next) {
        return Json.bytes(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("items");
            for (Product product : items) {
                writeProduct(json, product);
            }
            json.writeEndArray();
            json.writeFieldName("next");
            if (next.isPresent()) {
                json.writeString(next.get());
            } else {
                json.writeNull();
            }
            json.writeEndObject();
        });
    }

    private static void writeProduct(JsonGenerator json, Product product) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", product.name());
        json.writeNumberField("quantity", product.quantity());
        json.writeEndObject();
    }

    private static JsonNode readObject(byte[] body) {
        JsonNode node;
        try {
            node = Json.STRICT.readTree(body);
        } catch (JacksonException invalid) {
            throw HttpProblem.badRequest("body is not valid JSON: " + invalid.getOriginalMessage());
        } catch (IOException impossible) {
            throw new IllegalStateException("reading JSON from memory failed", impossible);
        }
        if (node == null || node.isMissingNode() || !node.isObject()) {
            throw HttpProblem.badRequest("body must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw HttpProblem.badRequest("unknown field '" + field + "'; allowed: name, quantity");
            }
        }
        return node;
    }

    private static Optional<String> name(JsonNode object) {
        JsonNode name = object.get("name");
        if (name == null) {
            return Optional.empty();
        }
        if (!name.isTextual()) {
            throw HttpProblem.badRequest("name must be a string");
        }
        return Optional.of(ProductInput.checkName(name.textValue()));
    }

    private static int quantity(JsonNode object) {
        JsonNode quantity = object.get("quantity");
        if (quantity == null) {
            throw HttpProblem.badRequest("quantity is required");
        }
        // 1.0, 1e3 and "1" are not integers here; only an integral literal in range is.
        if (!quantity.isIntegralNumber() || !quantity.canConvertToInt() || quantity.intValue() < 0) {
            throw HttpProblem.badRequest("quantity must be an integer from 0 to 2147483647");
        }
        return quantity.intValue();
    }
}
