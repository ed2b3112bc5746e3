package onebox.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line: {@code --flag VALUE} or {@code --flag=VALUE} for each {@link Setting},
 * {@code --config FILE}, and the actions {@code --help}, {@code --version}, {@code --check-config}
 * and {@code --aot-train}.
 * A repeated flag takes its last value.
 */
public record Arguments(Action action, Optional<String> configFile, Map<Setting, String> flags) {

    public enum Action { RUN, CHECK_CONFIG, HELP, VERSION, AOT_TRAIN }

    static final String CONFIG = "--config";

    public Arguments {
        flags = Map.copyOf(flags);
    }

    /** The action alone, never failing, so that {@code --help} works even next to a bad flag. */
    public static Action actionOf(List<String> args) {
        if (args.contains("--help") || args.contains("-h")) {
            return Action.HELP;
        }
        if (args.contains("--version")) {
            return Action.VERSION;
        }
        if (args.contains("--aot-train")) {
            return Action.AOT_TRAIN;
        }
        return args.contains("--check-config") ? Action.CHECK_CONFIG : Action.RUN;
    }

    public static Arguments parse(List<String> args) throws ConfigException {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        String configFile = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (isAction(arg)) {
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new ConfigException("unexpected argument " + arg + ": settings are given as --name VALUE (see --help)");
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            Optional<Setting> setting = Setting.byFlag(name);
            if (setting.isEmpty() && !name.equals(CONFIG)) {
                throw new ConfigException("unknown flag " + name + Suggestion.closest(name, Setting::flag)
                        + " (see --help for the list)");
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new ConfigException(name + " needs a value");
            }
            if (setting.isPresent()) {
                flags.put(setting.get(), value);
            } else {
                configFile = value;
            }
        }
        return new Arguments(actionOf(args), Optional.ofNullable(configFile), flags);
    }

    private static boolean isAction(String arg) {
        return switch (arg) {
            case "--help", "-h", "--version", "--check-config", "--aot-train" -> true;
            default -> false;
        };
    }
}
