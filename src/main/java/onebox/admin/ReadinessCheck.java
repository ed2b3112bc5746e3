package onebox.admin;

import java.util.Optional;

/** One condition for /readyz: the database, migrations, the certificate. */
public interface ReadinessCheck {

    String name();

    /** Empty when ready; otherwise why not, in words an operator understands. */
    Optional<String> problem();
}
