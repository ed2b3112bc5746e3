package onebox.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads KEY=VALUE lines the way systemd's EnvironmentFile= does, so one file can serve
 * both the unit and {@code --config}: blank lines and lines starting with {@code #} or
 * {@code ;} are skipped, values may be single-quoted (literal) or double-quoted
 * (backslash escapes), and a trailing backslash continues a line.
 */
final class ConfigFile {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ConfigFile() {}

    static Map<String, String> read(Path file) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("--config " + file + " cannot be read: " + Problems.describe(e));
        }
        return parse(file.toString(), lines);
    }

    static Map<String, String> parse(String name, List<String> lines) throws ConfigException {
        Map<String, String> values = new LinkedHashMap<>();
        StringBuilder pending = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.endsWith("\\") && !line.endsWith("\\\\")) {
                pending.append(line, 0, line.length() - 1);
                continue;
            }
            String logical = pending.append(line).toString().strip();
            pending.setLength(0);
            if (logical.isEmpty() || logical.startsWith("#") || logical.startsWith(";")) {
                continue;
            }
            int equals = logical.indexOf('=');
            String key = equals < 0 ? "" : logical.substring(0, equals).strip();
            if (!KEY.matcher(key).matches()) {
                throw new ConfigException("--config " + name + " line " + (i + 1) + ": expected KEY=VALUE");
            }
            values.put(key, unquote(logical.substring(equals + 1).strip()));
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return unescape(value.substring(1, value.length() - 1));
        }
        return value;
    }

    /** Inside double quotes a backslash takes the next character literally ({@code \"}, {@code \\}). */
    private static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                c = value.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }
}
