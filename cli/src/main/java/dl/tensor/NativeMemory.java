package dl.tensor;

import org.bytedeco.javacpp.Pointer;

/**
 * Keeps the process's native memory near what training needs. Arrays that DL4J creates outside its
 * workspaces live off the Java heap and are freed only when their small Java wrappers are
 * collected; a big heap rarely collects, and a convolutional network then piled up gigabytes of
 * dead arrays per epoch (17 GB resident while scoring the training split of Fashion-MNIST). A
 * collection whenever the resident size has grown by {@link #GROWTH} since the lowest point after
 * the last one bounds it.
 *
 * <p>The arrays a collection finds dead are freed afterwards, by ND4J's and JavaCPP's deallocator
 * threads: the resident size right after {@code System.gc()} still counts them. Taking that as the
 * new baseline ratcheted it up by every collection (a residual block's epoch on Fashion-MNIST
 * peaked at 11 GiB); the baseline is therefore the lowest size seen since the collection.
 */
public final class NativeMemory {
    static final long GROWTH = 512L << 20;
    private static long baseline = Pointer.physicalBytes();

    private NativeMemory() {}

    /** Called every few training batches and after every inference pass. */
    public static synchronized void collectIfGrown() {
        long now = Pointer.physicalBytes();
        if (now < baseline) {
            baseline = now;
        } else if (now - baseline > GROWTH) {
            System.gc();
            baseline = Pointer.physicalBytes();
        }
    }
}
