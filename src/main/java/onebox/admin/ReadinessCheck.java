package onebox.admin;

import java.util.Optional;
import java.util.function.Supplier;

/** One condition for /readyz: the database, migrations, the certificate. */
public interface ReadinessCheck {

    String name();

    /** Empty when ready; otherwise why not, in words an operator understands. */
    Optional<String> problem();

    static ReadinessCheck of(String name, Supplier<Optional<String>> problem) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<String> problem() {
                return problem.get();
            }
        };
    }
}
