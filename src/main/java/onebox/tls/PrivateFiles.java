package onebox.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold keys: created with their final permissions (never world-readable, not
 * even between create and chmod) and replaced atomically, so a crash or a concurrent
 * reader never sees half a key.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {}

    /** Creates the directory and its missing parents with mode 0700; leaves existing ones as they are. */
    public static void createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(absolute)) {
                throw raced;
            }
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(absolute);
        }
    }

    /**
     * Writes text to a temporary file beside the target, created with its final mode
     * (0600 if secret, else 0644), then moves it over the target in one step.
     */
    public static void writeAtomically(Path target, String text, boolean secret) throws IOException {
        Path absolute = target.toAbsolutePath();
        createDirectories(absolute.getParent());
        Set<PosixFilePermission> mode = secret ? OWNER_ONLY : PUBLIC;
        Path temp = createTemp(absolute, mode);
        try {
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            // The umask may have narrowed a public file; a secret one can only get narrower.
            setPermissionsIfPosix(temp, mode);
            moveOver(temp, absolute);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Path createTemp(Path target, Set<PosixFilePermission> mode) throws IOException {
        String prefix = "." + target.getFileName() + ".";
        try {
            return Files.createTempFile(target.getParent(), prefix, ".tmp", PosixFilePermissions.asFileAttribute(mode));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempFile(target.getParent(), prefix, ".tmp");
        }
    }

    private static void moveOver(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void setPermissionsIfPosix(Path file, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.setPosixFilePermissions(file, mode);
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: nothing finer to set.
        }
    }
}
