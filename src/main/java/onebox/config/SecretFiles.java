package onebox.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Secrets come from files, never from the environment: an explicit {@code *_FILE} setting,
 * else a systemd credential in {@code $CREDENTIALS_DIRECTORY} (LoadCredential=), else none.
 */
final class SecretFiles {

    static final String CREDENTIALS_DIRECTORY = "CREDENTIALS_DIRECTORY";

    /** A file to read and how to name it in an error. */
    record Located(Path path, String label) {}

    private SecretFiles() {}

    static Optional<Located> locate(Values values, Setting fileSetting, String credential, Map<String, String> env)
            throws ConfigException {
        Optional<Path> explicit = values.path(fileSetting);
        if (explicit.isPresent()) {
            return Optional.of(new Located(explicit.get(), fileSetting.envName() + "=" + explicit.get()));
        }
        String directory = env.get(CREDENTIALS_DIRECTORY);
        if (directory == null || directory.isBlank()) {
            return Optional.empty();
        }
        Path file = Path.of(directory, credential);
        return Files.exists(file) ? Optional.of(new Located(file, "credential " + credential + " (" + file + ")"))
                : Optional.empty();
    }

    /** The whole file, without the line break that editors and {@code echo} leave at the end. */
    static Secret readSecret(Located source) throws ConfigException {
        String text = read(source).replaceAll("[\r\n]+$", "");
        if (text.isEmpty()) {
            throw new ConfigException(source.label() + " is empty");
        }
        return new Secret(text);
    }

    /** One token per line; blank lines and lines starting with # are skipped. */
    static Set<Secret> readTokens(Located source) throws ConfigException {
        Set<Secret> tokens = new LinkedHashSet<>();
        for (String line : read(source).split("\r?\n")) {
            String token = line.strip();
            if (token.isEmpty() || token.startsWith("#")) {
                continue;
            }
            if (token.chars().anyMatch(Character::isWhitespace)) {
                throw new ConfigException(source.label() + " has a line with spaces: one token per line");
            }
            tokens.add(new Secret(token));
        }
        if (tokens.isEmpty()) {
            throw new ConfigException(source.label() + " holds no token: one token per line");
        }
        return Set.copyOf(tokens);
    }

    private static String read(Located source) throws ConfigException {
        try {
            return Files.readString(source.path(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(source.label() + " cannot be read: " + Problems.describe(e));
        }
    }
}
