package onebox.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RollingWindowTest {

    @Test
    void keepsTheNewestSamplesOldestFirst() {
        RollingWindow window = new RollingWindow(3);
        IntStream.range(0, 5).forEach(i -> window.add(new StatusSample(i, i, 0, 0, 0, 0, 0, 0)));
        assertEquals(java.util.List.of(2L, 3L, 4L),
                window.snapshot().stream().map(StatusSample::epochMillis).toList());
    }
}
