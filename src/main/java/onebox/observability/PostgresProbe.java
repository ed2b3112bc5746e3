package onebox.observability;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/** The real {@link DatabaseProbe}: two cheap catalog queries on one pooled connection. */
public final class PostgresProbe implements DatabaseProbe {

    private static final String SIZE = "SELECT pg_database_size(current_database())";
    private static final String CONNECTIONS = """
            SELECT coalesce(state, 'unknown'), count(*)
            FROM pg_stat_activity
            WHERE datname = current_database()
            GROUP BY 1""";

    private final DataSource dataSource;

    public PostgresProbe(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Snapshot probe() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(5);
            long size;
            try (ResultSet rs = statement.executeQuery(SIZE)) {
                rs.next();
                size = rs.getLong(1);
            }
            Map<String, Long> byState = new HashMap<>();
            try (ResultSet rs = statement.executeQuery(CONNECTIONS)) {
                while (rs.next()) {
                    byState.put(rs.getString(1), rs.getLong(2));
                }
            }
            return new Snapshot(size, byState);
        }
    }
}
