package onebox.observability;

import java.util.Map;

/** Asks the database for the numbers behind the onebox_db_* gauges; may block. */
@FunctionalInterface
public interface DatabaseProbe {

    Snapshot probe() throws Exception;

    /** Size of the current database and its connections counted by pg_stat_activity state. */
    record Snapshot(long sizeBytes, Map<String, Long> connectionsByState) {
        public Snapshot {
            connectionsByState = Map.copyOf(connectionsByState);
        }
    }
}
