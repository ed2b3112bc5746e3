package onebox.observability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Version, commit and build time, stamped into onebox-version.properties by Maven. */
public record BuildInfo(String version, String commit, String buildTime) {

    static final String RESOURCE = "/onebox-version.properties";
    static final String UNKNOWN = "unknown";

    public static BuildInfo load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new BuildInfo(
                valueOf(properties, "version"), valueOf(properties, "commit"), valueOf(properties, "build_time"));
    }

    /** A placeholder Maven could not fill (a build outside git) reads as "unknown". */
    private static String valueOf(Properties properties, String key) {
        String value = properties.getProperty(key, "").strip();
        return value.isEmpty() || value.contains("${") ? UNKNOWN : value;
    }
}
