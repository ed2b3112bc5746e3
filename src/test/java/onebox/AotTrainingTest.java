package onebox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --aot-train} in a child JVM, once for all tests: it exits 0 and cleans up after
 * itself on any JDK; on JDK 25+ the cache it makes the JVM write is one that a start with
 * {@code -XX:AOTMode=on} (which refuses an unusable cache) accepts and loads onebox from.
 */
class AotTrainingTest {

    private static final boolean AOT = Runtime.version().feature() >= 25;

    @TempDir
    static Path dir;
    private static Path cache;
    private static String classPath;
    private static Run training;

    @BeforeAll
    static void train() throws Exception {
        cache = dir.resolve("onebox.aot");
        classPath = jarredClassPath();
        Files.createDirectories(dir.resolve("tmp"));
        List<String> options = new ArrayList<>(List.of("-Djava.io.tmpdir=" + dir.resolve("tmp")));
        if (AOT) {
            options.add("-XX:AOTCacheOutput=" + cache);
        }
        training = java(options, "--aot-train", 240);
    }

    @Test
    void trainingExitsZeroWithEveryRequestAnsweredAsExpected() {
        assertEquals(0, training.exit(), training.output());
        assertTrue(training.output().contains("--aot-train: " + TrainingRequests.count()
                + " requests answered as expected; onebox stopped"), training.output());
    }

    @Test
    void trainingDeletesItsTemporaryDirectory() throws IOException {
        try (Stream<Path> left = Files.list(dir.resolve("tmp"))) {
            assertEquals(List.of(), left.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith("onebox-aot-train")).toList());
        }
    }

    @Test
    void cacheIsAcceptedByAStrictStartThatLoadsOneboxFromIt() throws Exception {
        assumeTrue(AOT, "the AOT cache needs JDK 25+");
        assertTrue(Files.size(cache) > 0, "empty cache " + cache);

        Run strict = java(List.of("-XX:AOTCache=" + cache, "-XX:AOTMode=on", "-Xlog:class+load"),
                "--check-config", 60);

        assertEquals(0, strict.exit(), strict.output());
        assertTrue(strict.output().lines().anyMatch(line -> line.contains(" onebox.Main source: shared objects file")),
                "onebox.Main not loaded from the cache");
    }

    private record Run(int exit, String output) {}

    private static Run java(List<String> options, String action, int seconds) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        command.addAll(List.of("-cp", classPath, "onebox.Main", action));
        Path log = Files.createTempFile(dir, "java", ".log");
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("ONEBOX_") || name.equals("PG_DSN"));
        Process process = builder.start();
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError("java " + action + " still running after " + seconds + " s: " + Files.readString(log));
            }
            return new Run(process.exitValue(), Files.readString(log));
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * This test's class path with the main classes in a jar: the JVM archives classes from
     * jars only (a non-empty directory on the class path stops the cache from being written).
     * The test classes stay out; onebox.Main needs none of them.
     */
    private static String jarredClassPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isRegularFile(path)) {
                entries.add(entry);
            } else if (Files.exists(path.resolve("onebox/Main.class"))) {
                entries.addFirst(jar(path, dir.resolve("onebox-classes.jar")).toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Path jar(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> paths = Files.walk(classes)) {
            // Directory entries too: Flyway finds db/migration through ClassLoader.getResources.
            for (Path path : paths.filter(path -> !path.equals(classes)).toList()) {
                String name = classes.relativize(path).toString().replace(File.separatorChar, '/');
                boolean directory = Files.isDirectory(path);
                out.putNextEntry(new JarEntry(directory ? name + "/" : name));
                if (!directory) {
                    Files.copy(path, out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }
}
