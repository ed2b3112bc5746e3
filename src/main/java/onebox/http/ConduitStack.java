package onebox.http;

import io.undertow.conduits.IdleTimeoutConduit;
import java.lang.reflect.Field;
import java.util.Optional;
import org.xnio.conduits.AbstractConduit;
import org.xnio.conduits.Conduit;

/**
 * Finds a conduit of a given type under the ones Undertow stacks on a connection (read
 * timeout, idle timeout). Neither XNIO nor Undertow lets one walk down such a stack: the
 * links are non-public fields, read here by reflection. Both fields are looked up when the
 * class loads, so a version of either library without them fails at start-up, not silently.
 */
final class ConduitStack {

    private static final Field NEXT = link(AbstractConduit.class, "next");
    private static final Field IDLE_TIMEOUT_SOURCE = link(IdleTimeoutConduit.class, "source");
    /** Undertow stacks two or three conduits; the bound only guards against a cycle. */
    private static final int MAX_DEPTH = 16;

    private ConduitStack() {}

    /** The first conduit of {@code type} from {@code top} downwards, {@code top} included. */
    static <T> Optional<T> find(Conduit top, Class<T> type) {
        Object conduit = top;
        for (int depth = 0; depth < MAX_DEPTH && conduit != null; depth++) {
            if (type.isInstance(conduit)) {
                return Optional.of(type.cast(conduit));
            }
            conduit = below(conduit);
        }
        return Optional.empty();
    }

    private static Object below(Object conduit) {
        try {
            return switch (conduit) {
                case AbstractConduit<?> link -> NEXT.get(link);
                case IdleTimeoutConduit idle -> IDLE_TIMEOUT_SOURCE.get(idle);
                default -> null;
            };
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read the conduit under " + conduit, e);
        }
    }

    private static Field link(Class<?> owner, String name) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(owner.getName() + " has no field " + name
                    + "; onebox reads it to find its own conduit under Undertow's", e);
        }
    }
}
