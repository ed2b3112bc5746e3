package onebox.tls;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back when anything changes in the directories holding some files, including the
 * directories their symlinks point into (certbot swaps live/ links to new archive/ files).
 * Events are only a hint: the callback decides what, if anything, changed.
 */
final class DirectoryWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DirectoryWatcher.class);

    private final WatchService service;
    private final Thread thread;

    DirectoryWatcher(Set<Path> files, Runnable onChange) throws IOException {
        service = FileSystems.getDefault().newWatchService();
        for (Path dir : directoriesOf(files)) {
            dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        }
        thread = new Thread(() -> watch(onChange), "onebox-cert-file-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch(Runnable onChange) {
        try {
            while (true) {
                WatchKey key = service.take();
                key.pollEvents();
                key.reset();
                onChange.run();
            }
        } catch (ClosedWatchServiceException | InterruptedException stopped) {
            // close() was called
        } catch (RuntimeException e) {
            log.error("certificate file watcher stopped; the periodic check still reloads changes", e);
        }
    }

    private static Set<Path> directoriesOf(Set<Path> files) {
        Set<Path> dirs = new LinkedHashSet<>();
        for (Path file : files) {
            Path absolute = file.toAbsolutePath();
            addParent(dirs, absolute);
            try {
                addParent(dirs, absolute.toRealPath());
            } catch (IOException missing) {
                // Not there yet: the watch on the link's own directory sees it arrive.
            }
        }
        return dirs;
    }

    private static void addParent(Set<Path> dirs, Path file) {
        Path parent = file.getParent();
        if (parent != null && Files.isDirectory(parent)) {
            dirs.add(parent);
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            log.warn("cannot close certificate file watcher: {}", e.toString());
        }
        thread.interrupt();
    }
}
