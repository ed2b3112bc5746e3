package onebox.admin;

import java.util.ArrayDeque;
import java.util.List;

/** The last {@code capacity} samples, oldest first: an hour at 360 × 10 s. */
public final class RollingWindow {

    private final int capacity;
    private final ArrayDeque<StatusSample> samples;

    public RollingWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.samples = new ArrayDeque<>(capacity);
    }

    public synchronized void add(StatusSample sample) {
        if (samples.size() == capacity) {
            samples.removeFirst();
        }
        samples.addLast(sample);
    }

    public synchronized List<StatusSample> snapshot() {
        return List.copyOf(samples);
    }

    public int capacity() {
        return capacity;
    }
}
