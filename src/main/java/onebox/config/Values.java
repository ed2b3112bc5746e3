package onebox.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import onebox.config.Settings.Environment;

/**
 * The raw value of every setting after precedence (flag, environment, file, default),
 * with typed readers whose errors name the setting and what it allows. An empty value
 * counts as unset, as {@code ONEBOX_STATIC_DIR=} in an EnvironmentFile means "none".
 */
final class Values {

    /** Where an effective value came from, for {@code --check-config}. */
    enum Origin { FLAG, ENVIRONMENT, CONFIG_FILE, DEFAULT }

    record Value(String text, Origin origin) {}

    private final Map<Setting, Value> values;

    private Values(Map<Setting, Value> values) {
        this.values = values;
    }

    static Values merge(Map<Setting, String> flags, Map<String, String> env, Map<String, String> file)
            throws ConfigException {
        Map<Setting, Value> given = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            pick(flags.get(setting), Origin.FLAG)
                    .or(() -> pick(env.get(setting.envName()), Origin.ENVIRONMENT))
                    .or(() -> pick(file.get(setting.envName()), Origin.CONFIG_FILE))
                    .ifPresent(value -> given.put(setting, value));
        }
        if (!given.containsKey(Setting.ENV)) {
            given.put(Setting.ENV, new Value(Setting.ENV.defaultFor(Environment.DEV).orElseThrow(), Origin.DEFAULT));
        }
        Values values = new Values(given);
        Environment environment = values.choice(Setting.ENV, Environment.class);
        for (Setting setting : Setting.values()) {
            if (!given.containsKey(setting)) {
                setting.defaultFor(environment).ifPresent(text -> given.put(setting, new Value(text, Origin.DEFAULT)));
            }
        }
        return values;
    }

    Map<Setting, Value> effective() {
        return Map.copyOf(values);
    }

    Optional<String> optional(Setting setting) {
        return Optional.ofNullable(values.get(setting)).map(Value::text);
    }

    String required(Setting setting) throws ConfigException {
        return optional(setting).orElseThrow(() -> new ConfigException(setting.envName() + " must be set"));
    }

    int port(Setting setting) throws ConfigException {
        return integer(setting, 0, 65535, "a port: 0..65535");
    }

    int integer(Setting setting, int min, int max, String allowed) throws ConfigException {
        String text = required(setting);
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw invalid(setting, text, allowed);
    }

    double positive(Setting setting) throws ConfigException {
        String text = required(setting);
        try {
            double value = Double.parseDouble(text.strip());
            if (value > 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw invalid(setting, text, "a number > 0");
    }

    /** Enum constants written in lower case with dashes: {@code SELF_SIGNED} is "self-signed". */
    <E extends Enum<E>> E choice(Setting setting, Class<E> type) throws ConfigException {
        String text = required(setting);
        for (E constant : type.getEnumConstants()) {
            if (spelling(constant).equals(text.strip().toLowerCase(Locale.ROOT))) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(Values::spelling).collect(Collectors.joining(", "));
        throw invalid(setting, text, "one of " + allowed);
    }

    static String spelling(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    Optional<Path> path(Setting setting) throws ConfigException {
        Optional<String> text = optional(setting);
        try {
            return text.map(Path::of);
        } catch (InvalidPathException e) {
            throw invalid(setting, text.orElseThrow(), "a file path");
        }
    }

    Optional<Path> readableFile(Setting setting) throws ConfigException {
        Optional<Path> file = path(setting);
        if (file.isPresent() && !(Files.isRegularFile(file.get()) && Files.isReadable(file.get()))) {
            throw new ConfigException(setting.envName() + "=" + file.get() + " is not a readable file");
        }
        return file;
    }

    static ConfigException invalid(Setting setting, String text, String allowed) {
        return new ConfigException(setting.envName() + "=" + text + " is invalid: expected " + allowed);
    }

    private static Optional<Value> pick(String text, Origin origin) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(new Value(text, origin));
    }
}
