package onebox.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The JSON settings of the public API: bounded nesting and sizes, strict on duplicates. */
final class Json {

    /** Product bodies are flat; anything deeper than this is not a product. */
    static final int MAX_DEPTH = 16;

    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(64)
                    .maxStringLength(RequestBody.MAX_BYTES)
                    .build())
            // Without this, characters beyond the BMP come out as \uD83C\uDF4A escape pairs.
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build());

    /** Canonical API: a duplicated key or trailing garbage is an error, not a guess. */
    static final ObjectMapper STRICT = MAPPER.copy()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {}

    interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    static byte[] bytes(Writer writer) {
        var out = new ByteArrayOutputStream();
        try (JsonGenerator json = MAPPER.createGenerator(out)) {
            writer.write(json);
        } catch (IOException impossible) {
            throw new UncheckedIOException("writing JSON to memory failed", impossible);
        }
        return out.toByteArray();
    }
}
