package onebox.tls.acme;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** HTTP-01 answers in table acme_http01_challenges, so that any instance behind the same name can answer the CA. */
final class SharedHttp01Challenges implements ChallengeResponder.SharedHttp01 {

    private final DataSource database;

    SharedHttp01Challenges(DataSource database) {
        this.database = database;
    }

    @Override
    public void put(String token, String keyAuthorization) throws SQLException {
        update("""
                INSERT INTO acme_http01_challenges (token, key_authorization) VALUES (?, ?)
                ON CONFLICT (token) DO UPDATE SET key_authorization = EXCLUDED.key_authorization""", token, keyAuthorization);
    }

    @Override
    public void remove(String token) throws SQLException {
        update("DELETE FROM acme_http01_challenges WHERE token = ?", token);
    }

    @Override
    public Optional<String> get(String token) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT key_authorization FROM acme_http01_challenges WHERE token = ?")) {
            select.setString(1, token);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    private void update(String sql, String... parameters) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
